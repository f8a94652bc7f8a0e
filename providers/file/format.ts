import { z } from 'zod';
import { Secret } from '../../src/secret.js';
import { fileEntryNameSchema } from './config.js';

/**
 * The on-disk format of the file vault, version 1:
 *
 * ```json
 * {
 *   "format": "cativa-keys-file-vault",
 *   "formatVersion": 1,
 *   "entries": {
 *     "hubspot-prod": {
 *       "version": 3,
 *       "current":  { "value": "cativa_live_…", "storedAt": "2025-01-01T00:00:00.000Z", "rotationId": "…" },
 *       "pending":  { … },
 *       "previous": { … },
 *       "promotedAt": "…", "lastRetiredAt": "…", "updatedAt": "…"
 *     }
 *   }
 * }
 * ```
 *
 * Objects are strict: a misspelt slot (`curent`) is refused rather than silently dropped by the
 * next write. Values become {@link Secret} as soon as they are parsed.
 */

/** Marker that tells a vault file from any other JSON file. */
export const FILE_VAULT_FORMAT = 'cativa-keys-file-vault';
/** The only format version this code reads and writes. */
export const FILE_VAULT_FORMAT_VERSION = 1;

const isoInstant = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .refine((date) => !Number.isNaN(date.getTime()), 'not a valid instant');

const slotSchema = z
  .object({
    value: z
      .string()
      .min(1)
      .transform((value) => new Secret(value)),
    /** When this value was first stored in this slot's entry (see `slots.ts`). */
    storedAt: isoInstant,
    /** The rotation that wrote the value, when a rotation did. */
    rotationId: z.string().min(1).optional(),
  })
  .strict();

const entrySchema = z
  .object({
    /** Incremented on every write of the entry; starts at 1. */
    version: z.number().int().positive(),
    current: slotSchema.optional(),
    pending: slotSchema.optional(),
    previous: slotSchema.optional(),
    /** When a pending key was last promoted to current. */
    promotedAt: isoInstant.optional(),
    /** When `previous` was last cleared (the old key retired). */
    lastRetiredAt: isoInstant.optional(),
    /** When the entry was last written. */
    updatedAt: isoInstant,
  })
  .strict();

/** zod schema of a whole vault file (format version 1). */
export const vaultDocumentSchema = z
  .object({
    format: z.literal(FILE_VAULT_FORMAT),
    formatVersion: z.literal(FILE_VAULT_FORMAT_VERSION),
    entries: z.record(fileEntryNameSchema, entrySchema),
  })
  .strict();

/** One slot as held in memory: the value is a {@link Secret}, times are `Date`s. */
export type VaultSlot = z.output<typeof slotSchema>;
/** One entry as held in memory. */
export type VaultEntry = z.output<typeof entrySchema>;
/** A whole vault file as held in memory; entries are kept in a `Map` (no prototype keys). */
export interface VaultDocument {
  readonly entries: ReadonlyMap<string, VaultEntry>;
}

/** A vault with no entries: what a missing file reads as. */
export function emptyVaultDocument(): VaultDocument {
  return { entries: new Map() };
}

function serializeSlot(slot: VaultSlot | undefined): Record<string, string> | undefined {
  if (!slot) return undefined;
  return {
    // The one place the file vault reveals a value: writing it into the file.
    value: slot.value.reveal(),
    storedAt: slot.storedAt.toISOString(),
    ...(slot.rotationId === undefined ? {} : { rotationId: slot.rotationId }),
  };
}

function serializeEntry(entry: VaultEntry): Record<string, unknown> {
  return {
    version: entry.version,
    current: serializeSlot(entry.current),
    pending: serializeSlot(entry.pending),
    previous: serializeSlot(entry.previous),
    promotedAt: entry.promotedAt?.toISOString(),
    lastRetiredAt: entry.lastRetiredAt?.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}

/** The file's text: pretty JSON, entries sorted by name so that diffs stay small. */
export function serializeVaultDocument(doc: VaultDocument): string {
  const names = [...doc.entries.keys()].sort();
  const entries: Record<string, unknown> = {};
  for (const name of names) {
    const entry = doc.entries.get(name);
    if (entry) entries[name] = serializeEntry(entry);
  }
  const file = { format: FILE_VAULT_FORMAT, formatVersion: FILE_VAULT_FORMAT_VERSION, entries };
  return `${JSON.stringify(file, null, 2)}\n`;
}
