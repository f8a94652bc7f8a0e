import { z } from 'zod';

/**
 * What the tool records in its `state` field (a Text field of its section), as JSON: per slot,
 * the fingerprint hash of the value it describes and when that value was stored, plus the last
 * promotion time. No key values. A record whose hash differs from the slot's value (someone
 * edited the field in 1Password) is ignored, so the age falls back to an estimate.
 *
 * ```json
 * {"v":1,"current":{"sha256":"1a2b3c4d5e6f","storedAt":"2025-01-01T00:00:00.000Z"},"promotedAt":"…"}
 * ```
 */

const instant = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .refine((date) => !Number.isNaN(date.getTime()), 'not a valid instant');

const slotRecordSchema = z.object({
  /** `Fingerprint.sha256` of the value this record describes. */
  sha256: z.string().regex(/^[0-9a-f]{6,64}$/),
  /** When the value was first stored in this slot (for `current`: became current). */
  storedAt: instant,
  /** True when `storedAt` was an estimate (the item's `updatedAt`) when the tool recorded it. */
  estimated: z.boolean().optional(),
});

const stateSchema = z.object({
  v: z.literal(1),
  current: slotRecordSchema.optional(),
  pending: slotRecordSchema.optional(),
  previous: slotRecordSchema.optional(),
  promotedAt: instant.optional(),
});

/** The record of one slot, in memory. */
export type SlotRecord = z.output<typeof slotRecordSchema>;
/** The tool's state of one managed field, in memory. */
export type FieldState = Omit<z.output<typeof stateSchema>, 'v'>;

/** Parses the state field's text; unreadable or absent state reads as empty (ages become estimates). */
export function parseFieldState(text: string | undefined): FieldState {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) return {};
  const { v: _version, ...state } = parsed.data;
  return state;
}

function recordJson(record: SlotRecord | undefined) {
  if (!record) return undefined;
  return {
    sha256: record.sha256,
    storedAt: record.storedAt.toISOString(),
    ...(record.estimated ? { estimated: true } : {}),
  };
}

/** The state field's text. */
export function serializeFieldState(state: FieldState): string {
  return JSON.stringify({
    v: 1,
    current: recordJson(state.current),
    pending: recordJson(state.pending),
    previous: recordJson(state.previous),
    promotedAt: state.promotedAt?.toISOString(),
  });
}
