import { resolve } from 'node:path';
import { VaultError } from '../../src/errors.js';
import type { ProviderDeps, ReadFailure, VaultProvider, WriteContext } from '../types.js';
import { type FileLocation, type FileSettings, fileEntryNameSchema } from './config.js';
import { FileVaultErrorCode } from './error-codes.js';
import type { VaultEntry } from './format.js';
import {
  clearPreviousSlots,
  discardPendingSlots,
  EMPTY_SLOTS,
  type EntrySlots,
  promoteSlots,
  stageSlots,
  writeCurrentSlots,
} from './slots.js';
import { snapshotOf } from './snapshot.js';
import { createFileStore, type FileStore, type VaultFileRef } from './store.js';

export { FileVaultErrorCode } from './error-codes.js';
export { type SeedEntry, type SeedOptions, type SeedSlot, seedFileVault } from './seed.js';

/** Seams for tests; production passes none. */
export interface FileVaultOptions {
  /** The store that reads and writes vault files (default: {@link createFileStore}). */
  readonly store?: FileStore;
}

/** One transition of an entry's slots (see `slots.ts`). */
type Transition = (slots: EntrySlots, label: string) => EntrySlots | undefined;

function slotsOf(entry: VaultEntry | undefined): EntrySlots {
  if (!entry) return EMPTY_SLOTS;
  const { version: _version, updatedAt: _updatedAt, ...slots } = entry;
  return slots;
}

/**
 * The local file vault: entries of a JSON file (see `format.ts`), each with `current`, `pending`
 * and `previous` slots. Relative paths resolve against `deps.baseDir`. Writes take a
 * cross-process lock and replace the file atomically; reads take no lock.
 */
export function createFileVault(
  settings: FileSettings,
  deps: ProviderDeps,
  options: FileVaultOptions = {},
): VaultProvider<FileLocation> {
  const store = options.store ?? createFileStore();
  const configuredPath = (location: FileLocation) => location.path ?? settings.path;
  const describe = (location: FileLocation) => `file:${configuredPath(location)}#${location.entry}`;

  const fileOf = (location: FileLocation, label = describe(location)): VaultFileRef => {
    if (!fileEntryNameSchema.safeParse(location.entry).success) {
      throw new VaultError(label, 'invalid entry name: letters, digits and . _ : / - only', {
        code: FileVaultErrorCode.badEntry,
      });
    }
    return { path: resolve(deps.baseDir, configuredPath(location)), label };
  };

  const mutate = async (location: FileLocation, ctx: WriteContext, transition: Transition) => {
    const file = fileOf(location);
    await store.update(file, (doc) => {
      const entry = doc.entries.get(location.entry);
      const next = transition(slotsOf(entry), file.label);
      if (!next) return undefined;
      const entries = new Map(doc.entries);
      entries.set(location.entry, {
        ...next,
        version: (entry?.version ?? 0) + 1,
        updatedAt: ctx.at,
      });
      return { entries };
    });
  };

  return {
    name: 'file',
    capabilities: { write: true, slots: true, batchRead: true },
    describe,

    async read(location) {
      const doc = await store.read(fileOf(location));
      return snapshotOf(doc.entries.get(location.entry));
    },

    async readMany(locations) {
      // One read per distinct file, however many entries of it are asked for.
      const reads = new Map<string, Promise<Awaited<ReturnType<FileStore['read']>>>>();
      const results = locations.map(async (location) => {
        try {
          const file = fileOf(location, `file:${configuredPath(location)}`);
          let reading = reads.get(file.path);
          if (!reading) {
            reading = store.read(file);
            reads.set(file.path, reading);
          }
          return snapshotOf((await reading).entries.get(location.entry));
        } catch (error) {
          return {
            error: error instanceof Error ? error : new Error(String(error)),
          } as ReadFailure;
        }
      });
      return Promise.all(results);
    },

    stage: (location, key, ctx) =>
      mutate(location, ctx, (slots, label) => stageSlots(slots, key, ctx, label)),

    writeCurrent: (location, key, expected, ctx) =>
      mutate(location, ctx, (slots, label) => writeCurrentSlots(slots, key, expected, ctx, label)),

    promote: (location, pending, ctx) =>
      mutate(location, ctx, (slots, label) => promoteSlots(slots, pending, ctx, label)),

    discardPending: (location, expected, ctx) =>
      mutate(location, ctx, (slots, label) => discardPendingSlots(slots, expected, label)),

    clearPrevious: (location, expected, ctx) =>
      mutate(location, ctx, (slots, label) => clearPreviousSlots(slots, expected, ctx, label)),
  };
}
