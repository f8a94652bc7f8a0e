import { createNativeRotation } from '../../providers/aws/native-rotation.js';
import { createProviderSet } from '../../providers/registry.js';
import { createCativaClient } from '../cativa/client.js';
import type { Clock } from '../clock.js';
import { loadConfig } from '../config/load.js';
import { managedKeys } from '../config/schema.js';
import { createRotationEngine } from '../rotation/engine.js';
import type { RotationEvent as ProgressEvent } from '../rotation/types.js';
import type { RotationStepDeps } from './sm-rotation-steps.js';

/** What the rotation function is built from: the process's environment and clock. */
export interface RotationHandlerEnv {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  /** Directory relative config paths resolve against (the Lambda task root). */
  readonly cwd: string;
}

/**
 * Loads the config and wires providers (the SDK default chain gives AWS credentials), the Cativa
 * client, the rotation engine and the native rotation reads. `onProgress` gets the engine's
 * progress events (fingerprints only).
 */
export async function buildRotationGraph(
  g: RotationHandlerEnv,
  configFile: string,
  onProgress: (event: ProgressEvent) => void,
): Promise<RotationStepDeps> {
  const { config, baseDir } = await loadConfig({ flag: configFile, env: g.env, cwd: g.cwd });
  return {
    keys: managedKeys(config),
    providers: createProviderSet(config.providers, { clock: g.clock, baseDir, env: g.env }),
    engine: createRotationEngine({
      cativa: createCativaClient({
        baseUrl: config.cativa.baseUrl,
        timeoutMs: config.cativa.timeoutMs,
        retries: config.cativa.retries,
      }),
      clock: g.clock,
      onProgress,
    }),
    native: createNativeRotation(config.providers.aws),
  };
}
