import { z } from 'zod';
import { Secret } from '../../src/secret.js';
import type { DopplerLocation, DopplerSettings } from './config.js';
import { parseRecord, type RotationRecord } from './record.js';

/** The four Doppler secrets behind one location. */
export interface SlotNames {
  readonly current: string;
  readonly pending: string;
  readonly previous: string;
  /** The rotation record (see `record.ts`). */
  readonly record: string;
}

/** The sibling names of a location: `NAME`, `NAME_PENDING`, `NAME_PREVIOUS`, `NAME_ROTATED_AT`. */
export function slotNamesOf(
  location: DopplerLocation,
  settings: Pick<DopplerSettings, 'pendingSuffix' | 'previousSuffix' | 'recordSuffix'>,
): SlotNames {
  return {
    current: location.name,
    pending: `${location.name}${settings.pendingSuffix}`,
    previous: `${location.name}${settings.previousSuffix}`,
    record: `${location.name}${settings.recordSuffix}`,
  };
}

/**
 * What Doppler holds under a location's four names, as read in one list call. A name absent from
 * `values` does not exist; one present with an empty value exists but its slot is empty.
 */
export interface LocationState {
  readonly names: SlotNames;
  readonly values: ReadonlyMap<string, Secret>;
}

/** The slots' values; an empty string counts as empty. */
export function slotValue(state: LocationState, name: string): Secret | undefined {
  const value = state.values.get(name);
  return value && value.reveal() !== '' ? value : undefined;
}

/** The parsed rotation record, when there is a valid one. */
export function recordOf(state: LocationState): RotationRecord | undefined {
  return parseRecord(state.values.get(state.names.record)?.reveal());
}

const secretEntrySchema = z.looseObject({
  raw: z.string().nullable().optional(),
  computed: z.string().nullable().optional(),
});

/** `GET /v3/configs/config/secrets`, as far as the provider reads it. */
export const secretsListSchema = z.looseObject({
  secrets: z.record(z.string(), secretEntrySchema),
});

/** Why one secret of a list answer cannot be used. */
export type UnusableSecret = 'no-raw-value' | 'reference';

/**
 * The raw values of `names` in a list answer, each wrapped as a `Secret` at once. A secret
 * without a raw value (restricted visibility for this token) or whose computed value differs from
 * its raw value (it references another secret) cannot be compared or written safely: reported
 * in `unusable` by name.
 */
export function valuesFromList(
  secrets: z.output<typeof secretsListSchema>['secrets'],
  names: readonly string[],
): { values: Map<string, Secret>; unusable: Map<string, UnusableSecret> } {
  const values = new Map<string, Secret>();
  const unusable = new Map<string, UnusableSecret>();
  for (const name of names) {
    if (!Object.hasOwn(secrets, name)) continue;
    const entry = secrets[name];
    if (typeof entry?.raw !== 'string') {
      unusable.set(name, 'no-raw-value');
      continue;
    }
    if (typeof entry.computed === 'string' && entry.computed !== entry.raw) {
      unusable.set(name, 'reference');
      continue;
    }
    values.set(name, new Secret(entry.raw));
  }
  return { values, unusable };
}
