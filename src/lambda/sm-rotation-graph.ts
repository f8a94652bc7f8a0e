import { createNativeRotation } from '../../providers/aws/native-rotation.js';
import type { ChannelResult } from '../alerts/channel.js';
import { createChannels } from '../alerts/channels.js';
import { sendRotationFailureAlert } from '../alerts/rotation-failure.js';
import { buildAppGraph, type GraphEnv } from '../app/graph.js';
import { createRotationEngine } from '../rotation/engine.js';
import type { RotationEvent as ProgressEvent } from '../rotation/types.js';
import type { RotationStepDeps } from './sm-rotation-steps.js';

/** What the rotation function is built from: the process's environment and clock. */
export type RotationHandlerEnv = GraphEnv;

/**
 * Loads the config and wires providers (the SDK default chain gives AWS credentials), the Cativa
 * client, the rotation engine and the native rotation reads. `onProgress` gets the engine's
 * progress events (fingerprints only); `onAlerted` the delivery of each rotation-failure alert.
 */
export async function buildRotationGraph(
  g: RotationHandlerEnv,
  configFile: string,
  onProgress: (event: ProgressEvent) => void,
  onAlerted: (results: readonly ChannelResult[]) => void = () => {},
): Promise<RotationStepDeps> {
  const graph = await buildAppGraph(g, configFile);
  const { alerts } = graph.loaded.config;
  const channels = createChannels(alerts, { env: g.env, clock: g.clock });
  return {
    keys: graph.keys,
    providers: graph.providers,
    engine: createRotationEngine({ cativa: graph.cativa, clock: g.clock, onProgress }),
    native: createNativeRotation(graph.loaded.config.providers.aws),
    onFailure: async (failure) => {
      onAlerted(await sendRotationFailureAlert(failure, { channels, alerts, clock: g.clock }));
    },
  };
}
