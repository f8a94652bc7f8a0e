import { type AppGraph, type GraphEnv as AppGraphEnv, buildAppGraph } from '../app/graph.js';
import type { AuditRunDeps } from './audit-run.js';
import type { AlertChannel } from './channel.js';
import { type ChannelDeps, createChannels } from './channels.js';

/** What the graph is built from: the process's environment and injectable transports. */
export interface GraphEnv extends AppGraphEnv {
  /** Default: SNS clients from the SDK, loaded on first use. */
  readonly sns?: ChannelDeps['sns'];
  readonly webhookFetch?: ChannelDeps['webhookFetch'];
  readonly slackFetch?: ChannelDeps['slackFetch'];
}

/** Everything a scheduled run needs (Lambda container, `watch` process), built once. */
export interface AuditGraph extends AuditRunDeps, AppGraph {
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
  const graph = await buildAppGraph(g, configFile);
  const { alerts } = graph.loaded.config;
  return {
    ...graph,
    alerts,
    channels: createChannels(alerts, {
      env: g.env,
      clock: g.clock,
      ...(g.sns ? { sns: g.sns } : {}),
      ...(g.webhookFetch ? { webhookFetch: g.webhookFetch } : {}),
      ...(g.slackFetch ? { slackFetch: g.slackFetch } : {}),
    }),
  };
}
