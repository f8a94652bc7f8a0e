import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_ENV } from '../config/load.js';

/** Name of the config file the build copies next to the handler. */
export const BUNDLED_CONFIG_NAME = 'cativa-keys.yaml';

/**
 * Where the Lambda's config is: `CATIVA_KEYS_CONFIG` (relative to `cwd`, the task root), else
 * `cativa-keys.yaml` next to the handler's bundle.
 */
export function lambdaConfigPath(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  moduleUrl: string = import.meta.url,
): string {
  const named = env[CONFIG_ENV];
  if (named) return resolve(cwd, named);
  return resolve(dirname(fileURLToPath(moduleUrl)), BUNDLED_CONFIG_NAME);
}
