/**
 * The bounds of the HTTP surface, in one place (documented in README "HTTP bounds"). Each one is
 * checked before any class-transformer or class-validator work runs on the input.
 */

/** Largest request body, in bytes (100 kB; README, "HTTP bounds and checks"). */
export const MAX_BODY_BYTES = 100 * 1024;
/** How the body limit is named in the 413 message. */
export const MAX_BODY_LABEL = '100kb';
/** Deepest nesting of arrays and objects accepted in a JSON body (the API needs 3). */
export const MAX_JSON_DEPTH = 16;
/** At most this many validation messages in one 400 response; the rest are counted. */
export const MAX_VALIDATION_MESSAGES = 20;
/** Longest raw (still percent-encoded) path parameter: a 64-character userId fully encoded. */
export const MAX_PARAM_LENGTH = 64 * 3;
