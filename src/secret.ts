import { createHash, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

/** What every redacted secret prints as, wherever it ends up. */
export const REDACTED = '[redacted]';

/**
 * A secret value (Cativa key, session token, vault token, webhook URL) that cannot leak by
 * accident: `String()`, template strings, `JSON.stringify`, `util.inspect` and `console.log`
 * all print {@link REDACTED}. Only {@link Secret.reveal} gives the value, and only vault adapters
 * and HTTP clients call it (a test greps the source for callers).
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw value. Call only where the value must leave the process (a vault write, an HTTP header). */
  reveal(): string {
    return this.#value;
  }

  /** Compares two secrets' values without leaking timing (digests are compared, not values). */
  equals(other: Secret): boolean {
    const digest = (s: Secret) => createHash('sha256').update(s.reveal()).digest();
    return timingSafeEqual(digest(this), digest(other));
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}

/**
 * How a key is shown to people and compared between vaults: the prefix and last 4 characters
 * (`cativa_live_…3e4f`) and a short SHA-256 prefix. Never enough to rebuild the key.
 */
export interface Fingerprint {
  /** e.g. `cativa_live_…3e4f`; `…3e4f` for values without a known prefix. */
  readonly hint: string;
  /** First 12 hex characters of the SHA-256 of the value (48 bits: enough to tell copies apart). */
  readonly sha256: string;
}

const KNOWN_PREFIX = /^(cativa_[a-z]+_)/;
const HASH_CHARS = 12;

/** Computes the fingerprint of a secret. */
export function fingerprintOf(secret: Secret): Fingerprint {
  const value = secret.reveal();
  const prefix = KNOWN_PREFIX.exec(value)?.[1] ?? '';
  // Short values would reveal too much of themselves through the last four characters.
  const tail = value.length >= 16 ? value.slice(-4) : '????';
  return {
    hint: `${prefix}…${tail}`,
    sha256: createHash('sha256').update(value).digest('hex').slice(0, HASH_CHARS),
  };
}

/** `cativa_live_…3e4f (sha256:1a2b3c4d5e6f)`: the one-line form used in tables and messages. */
export function formatFingerprint(fp: Fingerprint): string {
  return `${fp.hint} (sha256:${fp.sha256})`;
}

/** True when both fingerprints describe the same value. */
export function sameFingerprint(a: Fingerprint | undefined, b: Fingerprint | undefined): boolean {
  return a !== undefined && b !== undefined && a.sha256 === b.sha256;
}
