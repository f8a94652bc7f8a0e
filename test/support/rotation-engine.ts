import { createProviderSet, type LocationConfig } from '../../providers/registry.js';
import type { VaultProvider } from '../../providers/types.js';
import { createCativaClient } from '../../src/cativa/client.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { managedKeys } from '../../src/config/schema.js';
import { createRotationEngine, type RotationEngine } from '../../src/rotation/engine.js';
import type { RotationEvent, RotationTarget } from '../../src/rotation/types.js';
import type { RotationBench } from './rotation-bench.js';

/** The engine wired in-process over a bench's config: the real file vault, the real client. */
export interface EngineHarness {
  readonly target: RotationTarget;
  readonly engine: RotationEngine;
  /** Progress events, in order. */
  readonly events: RotationEvent[];
}

/**
 * Builds the engine for the bench's key. `wrap` may replace the provider of a location (by its
 * index) to inject a failure around the real file vault.
 */
export async function engineFor(
  bench: RotationBench,
  wrap?: (provider: VaultProvider<LocationConfig>, index: number) => VaultProvider<LocationConfig>,
): Promise<EngineHarness> {
  const loaded = await loadConfig({ flag: bench.configPath, env: {}, cwd: bench.dir });
  const [key] = managedKeys(loaded.config);
  if (!key) throw new Error('the bench config has no key');
  const providers = createProviderSet(loaded.config.providers, {
    clock: systemClock,
    baseDir: loaded.baseDir,
    env: {},
  });
  const locations = await Promise.all(
    key.locations.map(async (location, i) => {
      const bound = await providers.bind(location);
      return wrap ? { ...bound, provider: wrap(bound.provider, i) } : bound;
    }),
  );
  const events: RotationEvent[] = [];
  const engine = createRotationEngine({
    cativa: createCativaClient({
      baseUrl: loaded.config.cativa.baseUrl,
      timeoutMs: loaded.config.cativa.timeoutMs,
      retries: loaded.config.cativa.retries,
      backoffBaseMs: 10,
    }),
    clock: systemClock,
    onProgress: (event) => events.push(event),
  });
  return { target: { key, locations }, engine, events };
}
