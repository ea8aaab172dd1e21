import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Length in Unicode code points, as MySQL counts the characters of a utf8mb4 column. (The
 * validator.js `isLength` behind class-validator's `MaxLength` does not count U+FE0E/U+FE0F
 * variation selectors, so 64 characters plus one of them got past it and failed in MySQL.)
 */
export function codePointLength(text: string): number {
  let pairs = 0;
  for (let index = 0; index < text.length - 1; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        index++;
      }
    }
  }
  return text.length - pairs;
}

/** A string of at most `max` code points (UTF-16 length up to `max` passes at once). */
export function MaxCodePoints(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxCodePoints',
      constraints: [max],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (value.length <= max || codePointLength(value) <= max),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be at most $constraint1 characters`,
          options,
        ),
      },
    },
    options,
  );
}
