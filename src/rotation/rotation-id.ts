import { createHash } from 'node:crypto';
import type { Fingerprint } from '../secret.js';

/** Hex characters of the id's hash part: 128 bits, and 36 characters in all (AWS wants 32-64). */
const ID_HASH_CHARS = 32;

/**
 * The stable id of a rotation: derived from the key's name (case-insensitive, as names are
 * matched) and the new key's fingerprint, so every process that resumes the rotation computes
 * the same id, and a retried vault write can be recognised (AWS `ClientRequestToken`).
 */
export function rotationIdFor(keyName: string, newKey: Fingerprint): string {
  const hash = createHash('sha256')
    .update(`${keyName.trim().toLowerCase()}\n${newKey.sha256}`)
    .digest('hex');
  return `rot-${hash.slice(0, ID_HASH_CHARS)}`;
}
