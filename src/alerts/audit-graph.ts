import { createProviderSet } from '../../providers/registry.js';
import { createCativaClient } from '../cativa/client.js';
import type { Clock } from '../clock.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { type ManagedKey, managedKeys } from '../config/schema.js';
import type { AuditRunDeps } from './audit-run.js';
import type { AlertChannel } from './channel.js';
import { type ChannelDeps, createChannels } from './channels.js';

/** What the graph is built from: the process's environment and injectable transports. */
export interface GraphEnv {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  /** Directory relative config paths resolve against. */
  readonly cwd: string;
  /** Default: SNS clients from the SDK, loaded on first use. */
  readonly sns?: ChannelDeps['sns'];
  readonly webhookFetch?: ChannelDeps['webhookFetch'];
  readonly slackFetch?: ChannelDeps['slackFetch'];
}

/** Everything a scheduled run needs (Lambda container, `watch` process), built once. */
export interface AuditGraph extends AuditRunDeps {
  readonly loaded: LoadedConfig;
  readonly keys: readonly ManagedKey[];
  readonly channels: readonly AlertChannel[];
}

/**
 * Loads the config and wires providers, the Cativa client and the alert channels.
 * @param configFile the config to load; undefined: `CATIVA_KEYS_CONFIG`, then `./cativa-keys.yaml`.
 */
export async function buildAuditGraph(
  g: GraphEnv,
  configFile: string | undefined,
): Promise<AuditGraph> {
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
    alerts: config.alerts,
    channels: createChannels(config.alerts, {
      env: g.env,
      clock: g.clock,
      ...(g.sns ? { sns: g.sns } : {}),
      ...(g.webhookFetch ? { webhookFetch: g.webhookFetch } : {}),
      ...(g.slackFetch ? { slackFetch: g.slackFetch } : {}),
    }),
  };
}
