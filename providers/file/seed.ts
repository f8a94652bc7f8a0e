import { resolve } from 'node:path';
import { VaultError } from '../../src/errors.js';
import type { Secret } from '../../src/secret.js';
import { fileEntryNameSchema } from './config.js';
import { FileVaultErrorCode } from './error-codes.js';
import type { VaultEntry, VaultSlot } from './format.js';
import { createFileStore, type FileStore } from './store.js';

/** One slot to seed: the key and when it is to appear first stored. */
export interface SeedSlot {
  readonly secret: Secret;
  /** When the value was first stored (e.g. 100 days ago, for a stale key in the demo). */
  readonly storedAt: Date;
  readonly rotationId?: string;
}

/** One entry to seed; slots left out are empty. */
export interface SeedEntry {
  readonly current?: SeedSlot;
  readonly pending?: SeedSlot;
  readonly previous?: SeedSlot;
  /** When the tool last promoted a key here. */
  readonly promotedAt?: Date;
  /** When the tool last retired an old key here. */
  readonly lastRetiredAt?: Date;
}

/** Options of {@link seedFileVault}. */
export interface SeedOptions {
  /** Recorded as each entry's `updatedAt`; defaults to the latest time given in the entry. */
  readonly at?: Date;
  /** Store to write with (tests); defaults to a new {@link createFileStore}. */
  readonly store?: FileStore;
}

function slot(seed: SeedSlot | undefined): VaultSlot | undefined {
  if (!seed) return undefined;
  return {
    value: seed.secret,
    storedAt: seed.storedAt,
    ...(seed.rotationId === undefined ? {} : { rotationId: seed.rotationId }),
  };
}

/** The latest instant an entry mentions; the epoch for an entry with none. */
function latestTime(seed: SeedEntry): Date {
  const times = [
    seed.current?.storedAt,
    seed.pending?.storedAt,
    seed.previous?.storedAt,
    seed.promotedAt,
    seed.lastRetiredAt,
  ].flatMap((t) => (t ? [t.getTime()] : []));
  return new Date(times.length > 0 ? Math.max(...times) : 0);
}

/**
 * Writes entries into a vault file for tests and the demo, with chosen times (so that a key can
 * be 100 days old). Creates the file (mode 0600) when missing; replaces entries of the same
 * names, bumping their `version`; keeps every other entry. Takes the vault's lock and writes
 * atomically, like the provider.
 *
 * @param path the vault file; relative paths resolve against the working directory
 */
export async function seedFileVault(
  path: string,
  entries: Readonly<Record<string, SeedEntry>>,
  options: SeedOptions = {},
): Promise<void> {
  const label = `file:${path}`;
  for (const name of Object.keys(entries)) {
    if (!fileEntryNameSchema.safeParse(name).success) {
      throw new VaultError(label, 'cannot seed an entry with an invalid name', {
        code: FileVaultErrorCode.badEntry,
      });
    }
  }
  const store = options.store ?? createFileStore();
  await store.update({ path: resolve(path), label }, (doc) => {
    const next = new Map(doc.entries);
    for (const [name, seed] of Object.entries(entries)) {
      const entry: VaultEntry = {
        version: (doc.entries.get(name)?.version ?? 0) + 1,
        current: slot(seed.current),
        pending: slot(seed.pending),
        previous: slot(seed.previous),
        promotedAt: seed.promotedAt,
        lastRetiredAt: seed.lastRetiredAt,
        updatedAt: options.at ?? latestTime(seed),
      };
      next.set(name, entry);
    }
    return { entries: next };
  });
}
