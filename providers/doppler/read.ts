import pLimit from 'p-limit';
import { VaultError } from '../../src/errors.js';
import { fingerprintOf, type Secret } from '../../src/secret.js';
import type { LocationSnapshot, ReadFailure, StoredKey } from '../types.js';
import type { DopplerClient } from './client.js';
import type { DopplerLocation } from './config.js';
import {
  type LogNamesCache,
  type LogScanLimits,
  type LogScanResult,
  scanConfigLogs,
} from './config-logs.js';
import { DopplerErrorCode } from './errors.js';
import type { SlotRecord } from './record.js';
import {
  type LocationState,
  recordOf,
  type SlotNames,
  secretsListSchema,
  slotValue,
  type UnusableSecret,
  valuesFromList,
} from './state.js';

/** What reading needs from the provider. */
export interface ReadContext {
  client(location: DopplerLocation): DopplerClient;
  /** The environment variable holding the location's token (locations are grouped by it). */
  tokenEnv(location: DopplerLocation): string;
  names(location: DopplerLocation): SlotNames;
  label(location: DopplerLocation): string;
  /** Wraps a failure of `action` into a `VaultError` for `label`. */
  wrap(label: string, action: string, error: unknown, location: DopplerLocation): Error;
  readonly logLimits: LogScanLimits;
  readonly logCache: LogNamesCache;
}

/** Configs read at the same time by one `readMany`. */
const CONFIGS_AT_ONCE = 4;

/** Names per list call: keeps the query string short whatever the number of keys per config. */
const NAMES_PER_LIST = 60;

/** Reads `names` of one config, in as few list calls as the URL length allows. */
export async function listValues(
  client: DopplerClient,
  location: DopplerLocation,
  names: readonly string[],
): Promise<{ values: Map<string, Secret>; unusable: Map<string, UnusableSecret> }> {
  const values = new Map<string, Secret>();
  const unusable = new Map<string, UnusableSecret>();
  for (let i = 0; i < names.length; i += NAMES_PER_LIST) {
    const chunk = names.slice(i, i + NAMES_PER_LIST);
    const answer = await client.secrets.list(location.project, location.config, {
      secrets: chunk.join(','),
    });
    const found = valuesFromList(secretsListSchema.parse(answer).secrets, chunk);
    for (const [k, v] of found.values) values.set(k, v);
    for (const [k, v] of found.unusable) unusable.set(k, v);
  }
  return { values, unusable };
}

/** The location's state, or a `VaultError` when one of its secrets cannot be used. */
export function stateOf(
  names: SlotNames,
  found: { values: ReadonlyMap<string, Secret>; unusable: ReadonlyMap<string, UnusableSecret> },
  label: string,
): LocationState {
  const all = [names.current, names.pending, names.previous, names.record];
  for (const name of all) {
    const why = found.unusable.get(name);
    if (!why) continue;
    const reason =
      why === 'reference'
        ? 'references another secret; point the location at the secret that holds the key'
        : 'has no readable raw value (restricted visibility for this token?)';
    throw new VaultError(label, `Doppler secret ${name} ${reason}`, {
      code: DopplerErrorCode.unusableSecret,
    });
  }
  const values = new Map<string, Secret>();
  for (const name of all) {
    const value = found.values.get(name);
    if (value) values.set(name, value);
  }
  return { names, values };
}

type Slot = 'current' | 'pending' | 'previous';
const SLOTS: readonly Slot[] = ['current', 'pending', 'previous'];

/** The slot's record entry when it describes the value the slot holds now. */
function coveringEntry(state: LocationState, slot: Slot): SlotRecord | undefined {
  const value = slotValue(state, state.names[slot]);
  const entry = recordOf(state)?.[slot];
  return value && entry?.sha256 === fingerprintOf(value).sha256 ? entry : undefined;
}

/** Names whose age only the config logs can tell (no record entry covers them). */
export function namesNeedingLogs(state: LocationState): string[] {
  return SLOTS.filter((s) => slotValue(state, state.names[s]) && !coveringEntry(state, s)).map(
    (s) => state.names[s],
  );
}

/** The snapshot: recorded times where the record covers a slot, config-log estimates elsewhere. */
export function snapshotOf(
  state: LocationState,
  logs: LogScanResult | undefined,
): LocationSnapshot {
  const stored = (slot: Slot): StoredKey | undefined => {
    const name = state.names[slot];
    const secret = slotValue(state, name);
    if (!secret) return undefined;
    const fingerprint = fingerprintOf(secret);
    const entry = coveringEntry(state, slot);
    if (entry)
      return {
        secret,
        fingerprint,
        storedAt: entry.storedAt,
        storedAtEstimated: entry.storedAt === undefined,
      };
    return {
      secret,
      fingerprint,
      storedAt: logs?.changedAt.get(name) ?? logs?.oldestExamined,
      storedAtEstimated: true,
    };
  };
  return {
    current: stored('current'),
    pending: stored('pending'),
    previous: stored('previous'),
    promotedAt: recordOf(state)?.promotedAt,
  };
}

/**
 * Reads many locations: per token and config, one list call for all their secrets (more only
 * past {@link NAMES_PER_LIST} names) and, when some value's age is not recorded, one bounded
 * config-log scan for all of them. A failure fails that config's locations only.
 */
export async function readLocations(
  ctx: ReadContext,
  locations: readonly DopplerLocation[],
): Promise<Array<LocationSnapshot | ReadFailure>> {
  const groups = new Map<string, number[]>();
  locations.forEach((location, i) => {
    const key = JSON.stringify([ctx.tokenEnv(location), location.project, location.config]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const results: Array<LocationSnapshot | ReadFailure> = [];
  // A few configs at a time: an audit of many configs must not burst into Doppler's rate limit.
  const limit = pLimit(CONFIGS_AT_ONCE);
  await Promise.all(
    [...groups.values()].map((indexes) =>
      limit(async () => {
        const first = locations[indexes[0] ?? 0] as DopplerLocation;
        const fail = (i: number, action: string, error: unknown) => {
          const location = locations[i] as DopplerLocation;
          results[i] = { error: ctx.wrap(ctx.label(location), action, error, location) };
        };
        let found: Awaited<ReturnType<typeof listValues>>;
        try {
          const names = indexes.flatMap((i) =>
            Object.values(ctx.names(locations[i] as DopplerLocation)),
          );
          found = await listValues(ctx.client(first), first, [...new Set(names)]);
        } catch (error) {
          for (const i of indexes) fail(i, 'reading the secrets', error);
          return;
        }
        const states = new Map<number, LocationState>();
        for (const i of indexes) {
          const location = locations[i] as DopplerLocation;
          try {
            states.set(i, stateOf(ctx.names(location), found, ctx.label(location)));
          } catch (error) {
            fail(i, 'reading the secrets', error);
          }
        }
        const needed = new Set([...states.values()].flatMap(namesNeedingLogs));
        let logs: LogScanResult | undefined;
        if (needed.size > 0 && ctx.logLimits.maxLogs > 0) {
          try {
            logs = await scanConfigLogs(
              ctx.client(first),
              first.project,
              first.config,
              needed,
              ctx.logLimits,
              ctx.logCache,
            );
          } catch {
            // The logs only estimate ages; the values came from the list. A token that may not
            // read logs, or a rate limit, leaves those ages unknown rather than failing the read
            // (which would also block a rotation that needs none of it).
            logs = undefined;
          }
        }
        for (const [i, state] of states) results[i] = snapshotOf(state, logs);
      }),
    ),
  );
  return results;
}
