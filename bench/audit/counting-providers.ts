import type { LocationConfig, ProviderSet } from '../../providers/registry.js';
import type { VaultProvider } from '../../providers/types.js';

type Provider = VaultProvider<LocationConfig>;

/** When reads were in flight: from the first read's start to the last read's end. */
export interface ReadSpan {
  start?: number;
  end?: number;
}

/**
 * Wraps a provider set so that every provider method call is counted as `<provider> <method>`
 * (e.g. `file readMany`). These are calls into our adapters; the remote requests they make are
 * counted where they arrive (the simulator, the latency proxy). `span`, when given, records
 * when reads (`read`, `readMany`) were in flight, in `performance.now()` milliseconds.
 */
export function countingProviderSet(
  inner: ProviderSet,
  counts: Record<string, number>,
  span?: ReadSpan,
): ProviderSet {
  const wrapped = new Map<Provider, Provider>();
  const bump = (p: Provider, method: string) => {
    const kind = `${p.name} ${method}`;
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  const timed =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (span) span.start ??= performance.now();
      try {
        return await fn(...args);
      } finally {
        if (span) span.end = Math.max(span.end ?? 0, performance.now());
      }
    };
  const wrap = (p: Provider): Provider => {
    const existing = wrapped.get(p);
    if (existing) return existing;
    const counted =
      <A extends unknown[], R>(method: string, fn: (...args: A) => R) =>
      (...args: A): R => {
        bump(p, method);
        return fn(...args);
      };
    const w: Provider = {
      name: p.name,
      capabilities: p.capabilities,
      describe: (l) => p.describe(l),
      read: counted('read', timed(p.read.bind(p))),
      ...(p.readMany ? { readMany: counted('readMany', timed(p.readMany.bind(p))) } : {}),
      stage: counted('stage', p.stage.bind(p)),
      writeCurrent: counted('writeCurrent', p.writeCurrent.bind(p)),
      promote: counted('promote', p.promote.bind(p)),
      discardPending: counted('discardPending', p.discardPending.bind(p)),
      clearPrevious: counted('clearPrevious', p.clearPrevious.bind(p)),
    };
    wrapped.set(p, w);
    return w;
  };
  return {
    async bind(location) {
      const bound = await inner.bind(location);
      // runAudit groups locations by provider identity: one wrapper per provider keeps that.
      return { ...bound, provider: wrap(bound.provider) };
    },
    loaded: () => inner.loaded(),
  };
}
