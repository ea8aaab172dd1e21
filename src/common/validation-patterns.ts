/** A userId: 1-64 letters, digits and `_ . : @ -`. */
export const USER_ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,64}$/;
export const MAX_USER_LEVEL = 1000;
export const MAX_NICKNAME_LENGTH = 64;
export const MAX_STOCK = 1_000_000_000;
export const MAX_SELL_NUM = 10_000;
export const MAX_SELL_LINES = 100;
