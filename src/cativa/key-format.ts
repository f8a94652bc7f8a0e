import { z } from 'zod';
import { Secret } from '../secret.js';

/** The documented Cativa key format: `cativa_live_` followed by 32 lowercase hex characters. */
export const CATIVA_KEY_PATTERN = /^cativa_live_[0-9a-f]{32}$/;

/** Why a candidate key does not look like a Cativa key; never contains the candidate. */
export function describeKeyFormatProblem(candidate: string): string | undefined {
  const trimmed = candidate.trim();
  if (trimmed.length === 0) return 'the key is empty';
  if (trimmed !== candidate) return 'the key has leading or trailing white space';
  if (!trimmed.startsWith('cativa_live_')) return "the key does not start with 'cativa_live_'";
  if (trimmed.length !== 'cativa_live_'.length + 32) {
    return `the key has ${trimmed.length} characters; a Cativa key has ${'cativa_live_'.length + 32}`;
  }
  if (!CATIVA_KEY_PATTERN.test(trimmed)) {
    return "the characters after 'cativa_live_' are not 32 lowercase hex digits";
  }
  return undefined;
}

/** True when the secret has the documented Cativa key format. */
export function isCativaKey(secret: Secret): boolean {
  return CATIVA_KEY_PATTERN.test(secret.reveal());
}

/** zod schema for a key value read from outside (vault contents): a string wrapped at once. */
export const secretString = z
  .string()
  .min(1)
  .transform((value) => new Secret(value));
