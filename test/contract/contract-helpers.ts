import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { LocationSnapshot, StoredKey, WriteContext } from '../../providers/types.js';
import { isCativaKeysError } from '../../src/errors.js';
import { type Fingerprint, fingerprintOf, Secret } from '../../src/secret.js';

/** A fresh key in the Cativa format, and its fingerprint. */
export interface IssuedKey {
  readonly secret: Secret;
  readonly fingerprint: Fingerprint;
}

/**
 * Issues test keys and write contexts, and remembers every raw value it issued so that any
 * printed text can be checked for leaks without calling `reveal()`.
 */
export interface KeyBench {
  key(): IssuedKey;
  /** A write context one minute after the previous one (times are distinct and increasing). */
  ctx(): WriteContext;
  /** Fails when `text` contains any raw value issued so far. */
  expectNoKeyValueIn(text: string): void;
}

/** Start of the contexts' clock: an arbitrary fixed instant. */
const BENCH_START_MS = Date.UTC(2025, 0, 1);

export function createKeyBench(): KeyBench {
  const issued: string[] = [];
  let writes = 0;
  return {
    key() {
      const raw = `cativa_live_${randomBytes(16).toString('hex')}`;
      issued.push(raw);
      const secret = new Secret(raw);
      return { secret, fingerprint: fingerprintOf(secret) };
    },
    ctx() {
      writes += 1;
      return { rotationId: `contract-${writes}`, at: new Date(BENCH_START_MS + writes * 60_000) };
    },
    expectNoKeyValueIn(text) {
      const leaked = issued.filter((raw) => text.includes(raw)).length;
      // Count only: printing the match would put the value into the test report.
      expect(leaked, 'key values found in printed text').toBe(0);
    },
  };
}

/** A snapshot reduced to what can be compared: fingerprints and times. */
export function summarize(snapshot: LocationSnapshot) {
  const slot = (key: StoredKey | undefined) =>
    key && { sha256: key.fingerprint.sha256, storedAt: key.storedAt?.getTime() };
  return {
    current: slot(snapshot.current),
    pending: slot(snapshot.pending),
    previous: slot(snapshot.previous),
    promotedAt: snapshot.promotedAt?.getTime(),
  };
}

/** Every way a value may end up printed: JSON, `util.inspect` (with causes), `String`. */
export function printedForms(value: unknown): string {
  return [JSON.stringify(value), inspect(value, { depth: 10 }), String(value)].join('\n');
}

/**
 * Awaits a write expected to fail with `ConflictError` (checked by `code`, across realms) and
 * returns the error; checks that no key value appears in any printed form of it.
 */
export async function expectConflict(
  write: Promise<unknown>,
  bench: KeyBench,
): Promise<Error & { code: string }> {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the write should have failed with ConflictError').toBeInstanceOf(Error);
  if (!isCativaKeysError(error)) throw error;
  expect(error.code).toBe('CONFLICT');
  expect(error.name).toBe('ConflictError');
  bench.expectNoKeyValueIn(printedForms(error));
  return error;
}
