import pLimit from 'p-limit';
import { ConflictError } from '../../src/errors.js';
import { snapshotOfSlots } from '../slot-transitions.js';
import type {
  LocationSnapshot,
  ProviderDeps,
  ReadFailure,
  VaultProvider,
  WriteContext,
} from '../types.js';
import { type PortFactory, sdkPortFactory } from './client.js';
import type { OnePasswordLocation, OnePasswordSettings } from './config.js';
import { createItemReader, type ItemReader } from './item-reader.js';
import { type NewId, slotsOf, withSlots } from './item-slots.js';
import { layoutOf } from './layout.js';
import { newItemId } from './new-id.js';
import { API_CREDENTIALS, type OnePasswordPort } from './port.js';
import {
  createRateLimitRetry,
  DEFAULT_RATE_LIMIT_POLICY,
  type RateLimitPolicy,
  settled,
} from './retry.js';
import {
  clearPreviousSlots,
  discardPendingSlots,
  type OpSlots,
  promoteSlots,
  stageSlots,
  writeCurrentSlots,
} from './slots.js';

export type { OnePasswordLocation, OnePasswordSettings } from './config.js';
export type { OnePasswordPort } from './port.js';

/** Seams for tests; production passes none. */
export interface OnePasswordVaultOptions {
  /** The SDK client, or what builds it on first use (default: the real SDK, see `client.ts`). */
  readonly port?: OnePasswordPort | PortFactory;
  /** Backoff of rate-limited calls; `retries` defaults to `settings.rateLimitRetries`. */
  readonly rateLimit?: Partial<RateLimitPolicy>;
  /** Re-reads after a version conflict before the write gives up (default 3). */
  readonly conflictRetries?: number;
  /** Ids of new sections and fields (default: random, in 1Password's own id format). */
  readonly newId?: NewId;
}

/** One transition of a field's slots (see `slots.ts`). */
type Transition = (slots: OpSlots, label: string) => OpSlots | undefined;

function snapshotOf(slots: OpSlots): LocationSnapshot {
  return snapshotOfSlots(slots, (slot) => slot.estimated);
}

/**
 * The 1Password provider: the current key is a field of an item; as a primary, `pending` and
 * `previous` are concealed fields of a section the tool owns in the same item, next to a `state`
 * field recording when each value was stored. Every write is a read-modify-`items.put` of the
 * whole item as last read: the item's `version` makes it a compare-and-set, and on a version
 * conflict the item is read again and the write re-checked, never forced.
 */
export function createOnePasswordVault(
  settings: OnePasswordSettings,
  deps: ProviderDeps,
  options: OnePasswordVaultOptions = {},
): VaultProvider<OnePasswordLocation> {
  const source = options.port ?? sdkPortFactory(settings, deps);
  let building: Promise<OnePasswordPort> | undefined;
  const port = (): Promise<OnePasswordPort> => {
    if (typeof source !== 'function') return Promise.resolve(source);
    if (!building) {
      building = source();
      // A failed sign-in (no token yet, network) is tried again by the next call.
      building.catch(() => {
        building = undefined;
      });
    }
    return building;
  };
  const retry = createRateLimitRetry({
    ...DEFAULT_RATE_LIMIT_POLICY,
    retries: settings.rateLimitRetries,
    ...options.rateLimit,
  });
  const limit = pLimit(settings.concurrency);
  const reader = (): ItemReader => createItemReader(port, retry, limit);
  const newId = options.newId ?? newItemId;
  const conflictRetries = options.conflictRetries ?? 3;
  const describe = (l: OnePasswordLocation) => `onepassword:${l.vault}/${l.item}#${l.field}`;

  const readOne = async (location: OnePasswordLocation, items: ItemReader) => {
    const label = describe(location);
    const { item } = await items.read(location, label);
    return snapshotOf(slotsOf(item, layoutOf(settings, location), label));
  };

  const mutate = async (location: OnePasswordLocation, transition: Transition) => {
    const label = describe(location);
    const layout = layoutOf(settings, location);
    for (let attempt = 0; ; attempt += 1) {
      const { vaultId, item } = await reader().read(location, label);
      const next = transition(slotsOf(item, layout, label), label);
      if (!next) return;
      try {
        if (item) {
          const parts = withSlots(item, layout, next, newId, label);
          const put = retry(async () => (await port()).items.put({ ...item, ...parts }));
          await settled(label, 'items.put', put);
        } else {
          const parts = withSlots({ fields: [], sections: [] }, layout, next, newId, label);
          const params = { category: API_CREDENTIALS, vaultId, title: location.item, ...parts };
          await settled(
            label,
            'items.create',
            retry(async () => (await port()).items.create(params)),
          );
        }
        return;
      } catch (error) {
        // Someone changed the item since it was read: read it again and re-check the write.
        if (!(error instanceof ConflictError) || attempt >= conflictRetries) throw error;
      }
    }
  };

  return {
    name: 'onepassword',
    capabilities: { write: true, slots: true, batchRead: true },
    describe,

    read: (location) => readOne(location, reader()),

    async readMany(locations) {
      const items = reader();
      return Promise.all(
        locations.map((location) =>
          readOne(location, items).catch(
            (error: unknown): ReadFailure => ({
              error: error instanceof Error ? error : new Error(String(error)),
            }),
          ),
        ),
      );
    },

    stage: (location, key, ctx: WriteContext) =>
      mutate(location, (slots, label) => stageSlots(slots, key, ctx, label)),

    writeCurrent: (location, key, expected, ctx) =>
      mutate(location, (slots, label) => writeCurrentSlots(slots, key, expected, ctx, label)),

    promote: (location, pending, ctx) =>
      mutate(location, (slots, label) => promoteSlots(slots, pending, ctx, label)),

    discardPending: (location, expected) =>
      mutate(location, (slots, label) => discardPendingSlots(slots, expected, label)),

    clearPrevious: (location, expected) =>
      mutate(location, (slots, label) => clearPreviousSlots(slots, expected, label)),
  };
}
