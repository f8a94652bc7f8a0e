import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
/** Length of 1Password's own ids (26 base-32 characters, 130 bits). */
const ID_LENGTH = 26;

/** A random id for a new section or field, in the format 1Password gives its own. */
export function newItemId(): string {
  const bytes = randomBytes(ID_LENGTH);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}
