import { z } from 'zod';

/**
 * The rotation record: what the tool remembers about a primary location, kept in Doppler itself
 * as the sibling secret `<NAME>_ROTATED_AT` (suffix configurable), so that it survives any
 * process and needs no other store. It holds no key value: per slot, the 12-hex SHA-256 prefix of
 * the key (the fingerprint the tool already prints) and when the tool stored it; plus when the
 * tool last promoted and retired. A slot entry applies only while the slot holds that fingerprint,
 * so a key changed by hand in the dashboard falls back to the config-log estimate.
 *
 * ```json
 * {"tool":"cativa-keys","version":1,"promotedAt":"2025-01-01T00:00:00.000Z",
 *  "current":{"sha256":"1a2b3c4d5e6f","storedAt":"2025-01-01T00:00:00.000Z","rotationId":"…"}}
 * ```
 */

const instant = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .refine((d) => !Number.isNaN(d.getTime()));

const slotRecordSchema = z.object({
  /** First 12 hex characters of the SHA-256 of the key in the slot. */
  sha256: z.string().regex(/^[0-9a-f]{12}$/),
  /** When the tool stored this key in this location's live slots; absent when unknown. */
  storedAt: instant.optional(),
  rotationId: z.string().max(200).optional(),
});

const recordSchema = z.object({
  tool: z.literal('cativa-keys'),
  version: z.literal(1),
  promotedAt: instant.optional(),
  retiredAt: instant.optional(),
  current: slotRecordSchema.optional(),
  pending: slotRecordSchema.optional(),
  previous: slotRecordSchema.optional(),
});

/** One slot's entry in the record. */
export type SlotRecord = z.output<typeof slotRecordSchema>;
/** The record, parsed. */
export type RotationRecord = Omit<z.output<typeof recordSchema>, 'tool' | 'version'>;

/** Parses a record's text; undefined for anything else (edited by hand, another tool's secret). */
export function parseRecord(text: string | undefined): RotationRecord | undefined {
  if (text === undefined || text === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { tool: _tool, version: _version, ...record } = parsed.data;
  return record;
}

function slotJson(slot: SlotRecord | undefined) {
  if (!slot) return undefined;
  return {
    sha256: slot.sha256,
    storedAt: slot.storedAt?.toISOString(),
    rotationId: slot.rotationId,
  };
}

/** The record's text: compact JSON, fixed key order (equal records give equal text). */
export function serializeRecord(record: RotationRecord): string {
  return JSON.stringify({
    tool: 'cativa-keys',
    version: 1,
    promotedAt: record.promotedAt?.toISOString(),
    retiredAt: record.retiredAt?.toISOString(),
    current: slotJson(record.current),
    pending: slotJson(record.pending),
    previous: slotJson(record.previous),
  });
}
