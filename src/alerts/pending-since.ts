import type { BoundLocation, LocationConfig, ProviderSet } from '../../providers/registry.js';
import type { LocationSnapshot, VaultProvider } from '../../providers/types.js';
import type { ManagedKey } from '../config/schema.js';

/** A provider set that remembers, per location read, when its pending key was stored. */
export interface PendingSinceRecorder {
  /** Pass this to `runAudit` instead of the original set. */
  readonly providers: ProviderSet;
  /** When the primary's pending key of `key` was stored, as read during the audit. */
  pendingSince(key: ManagedKey): Date | undefined;
}

/**
 * Wraps a provider set so that the audit's own reads also yield the time each pending key was
 * stored, which the audit report does not carry; no extra vault call is made. Only `storedAt` is
 * kept, never the snapshot (it holds secrets). Providers are wrapped once each, so the audit
 * still groups locations by provider for batched reads.
 */
export function recordPendingSince(inner: ProviderSet): PendingSinceRecorder {
  const since = new WeakMap<object, Date | undefined>();
  const wrapped = new WeakMap<object, VaultProvider<LocationConfig>>();
  const remember = (location: LocationConfig, snapshot: LocationSnapshot): LocationSnapshot => {
    since.set(location, snapshot.pending?.storedAt);
    return snapshot;
  };

  const wrap = (p: VaultProvider<LocationConfig>): VaultProvider<LocationConfig> => {
    const known = wrapped.get(p);
    if (known) return known;
    const readMany = p.readMany?.bind(p);
    const proxy: VaultProvider<LocationConfig> = {
      name: p.name,
      capabilities: p.capabilities,
      describe: (l) => p.describe(l),
      read: async (l) => remember(l, await p.read(l)),
      ...(readMany
        ? {
            readMany: async (ls: readonly LocationConfig[]) => {
              const answers = await readMany(ls);
              answers.forEach((a, i) => {
                const l = ls[i];
                if (l && a && !('error' in a)) remember(l, a);
              });
              return answers;
            },
          }
        : {}),
      stage: (...a) => p.stage(...a),
      writeCurrent: (...a) => p.writeCurrent(...a),
      promote: (...a) => p.promote(...a),
      discardPending: (...a) => p.discardPending(...a),
      clearPrevious: (...a) => p.clearPrevious(...a),
    };
    wrapped.set(p, proxy);
    return proxy;
  };

  return {
    providers: {
      async bind(location): Promise<BoundLocation> {
        const bound = await inner.bind(location);
        return { ...bound, provider: wrap(bound.provider) };
      },
      loaded: () => inner.loaded(),
    },
    pendingSince: (key) => {
      const primary = key.locations[0];
      return primary ? since.get(primary) : undefined;
    },
  };
}
