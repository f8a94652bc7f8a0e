import { createProviderSet, type ProviderSet } from '../../providers/registry.js';
import { createCativaClient } from '../cativa/client.js';
import type { CativaClient } from '../cativa/types.js';
import { type Clock, systemClock } from '../clock.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { type ManagedKey, managedKeys } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { CliIo } from './io.js';

/** The object graph a command works with, built once per CLI run. */
export interface AppContext {
  readonly loaded: LoadedConfig;
  readonly keys: readonly ManagedKey[];
  readonly providers: ProviderSet;
  readonly cativa: CativaClient;
  readonly clock: Clock;
}

/** Loads the config and wires providers and the Cativa client. */
export async function buildContext(
  io: CliIo,
  options: { config?: string | undefined },
  clock: Clock = systemClock,
): Promise<AppContext> {
  const loaded = await loadConfig({ flag: options.config, env: io.env, cwd: io.cwd });
  const { config } = loaded;
  return {
    loaded,
    keys: managedKeys(config),
    providers: createProviderSet(config.providers, { clock, baseDir: loaded.baseDir, env: io.env }),
    cativa: createCativaClient({
      baseUrl: config.cativa.baseUrl,
      timeoutMs: config.cativa.timeoutMs,
      retries: config.cativa.retries,
    }),
    clock,
  };
}

/** Finds a managed key by name (case-insensitive); the error lists the known names. */
export function findKey(context: AppContext, name: string): ManagedKey {
  const wanted = name.trim().toLowerCase();
  const key = context.keys.find((k) => k.name.toLowerCase() === wanted);
  if (!key) {
    const known = context.keys.map((k) => `'${k.name}'`).join(', ');
    throw new UsageError(
      `no managed key named '${name}' in ${context.loaded.path}; known: ${known}`,
    );
  }
  return key;
}
