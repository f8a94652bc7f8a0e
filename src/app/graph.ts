import { createProviderSet, type ProviderSet } from '../../providers/registry.js';
import { createCativaClient } from '../cativa/client.js';
import type { CativaClient } from '../cativa/types.js';
import type { Clock } from '../clock.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { type ManagedKey, managedKeys } from '../config/schema.js';

/** What every entry point builds its graph from: the process's environment and clock. */
export interface GraphEnv {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  /** Directory a relative config path resolves against. */
  readonly cwd: string;
}

/** The objects every operation works with, built once per CLI run or Lambda container. */
export interface AppGraph {
  readonly loaded: LoadedConfig;
  readonly keys: readonly ManagedKey[];
  readonly providers: ProviderSet;
  readonly cativa: CativaClient;
  readonly clock: Clock;
}

/**
 * Loads the config and wires the provider set (SDKs load on first use) and the Cativa client.
 * @param configFile the config to load; undefined: `CATIVA_KEYS_CONFIG`, then `./cativa-keys.yaml`.
 */
export async function buildAppGraph(
  g: GraphEnv,
  configFile: string | undefined,
): Promise<AppGraph> {
  const loaded = await loadConfig({ flag: configFile, env: g.env, cwd: g.cwd });
  const { config } = loaded;
  return {
    loaded,
    keys: managedKeys(config),
    providers: createProviderSet(config.providers, {
      clock: g.clock,
      baseDir: loaded.baseDir,
      env: g.env,
    }),
    cativa: createCativaClient({
      baseUrl: config.cativa.baseUrl,
      timeoutMs: config.cativa.timeoutMs,
      retries: config.cativa.retries,
    }),
    clock: g.clock,
  };
}
