import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { fieldIssues } from './issues.js';
import { type Config, configSchema } from './schema.js';

/** File names looked for in the working directory when neither `--config` nor the env names one. */
export const DEFAULT_CONFIG_NAMES = ['cativa-keys.yaml', 'cativa-keys.yml', 'cativa-keys.json'];

/** Env var naming the config file. */
export const CONFIG_ENV = 'CATIVA_KEYS_CONFIG';

/** A parsed config and where it came from. */
export interface LoadedConfig {
  readonly config: Config;
  /** Absolute path of the file. */
  readonly path: string;
  /** Directory relative paths in the config resolve against. */
  readonly baseDir: string;
}

/** Picks the config file: the flag, then `CATIVA_KEYS_CONFIG`, then the default names in `cwd`. */
export async function findConfigPath(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<string> {
  const named = flag ?? env[CONFIG_ENV];
  if (named) return resolve(cwd, named);
  for (const name of DEFAULT_CONFIG_NAMES) {
    const candidate = resolve(cwd, name);
    if (
      await readFile(candidate).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  throw new ConfigError('config', [
    {
      path: '(file)',
      message: `no config file found: pass --config FILE, set ${CONFIG_ENV}, or create ${DEFAULT_CONFIG_NAMES[0]} (run 'cativa-keys demo' to see one)`,
    },
  ]);
}

/** Parses config text (YAML, or JSON for `.json` files) and validates it; never echoes values. */
export function parseConfig(text: string, source: string): Config {
  let raw: unknown;
  if (extname(source).toLowerCase() === '.json') {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(source, [{ path: '(file)', message: 'is not valid JSON' }], {
        cause: error,
      });
    }
  } else {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      // YAML error messages quote source lines, which could hold a pasted key: keep positions only.
      const issues = doc.errors.map((e) => ({
        path: '(file)',
        message: `is not valid YAML (${e.code} at line ${e.linePos?.[0]?.line ?? '?'})`,
      }));
      throw new ConfigError(source, issues);
    }
    raw = doc.toJS();
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(source, fieldIssues(parsed.error));
  return parsed.data;
}

/** Finds, reads and validates the config. */
export async function loadConfig(options: {
  flag?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}): Promise<LoadedConfig> {
  const path = await findConfigPath(options.flag, options.env, options.cwd);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ConfigError(path, [{ path: '(file)', message: `cannot be read (${code})` }], {
      cause: error,
    });
  }
  return { config: parseConfig(text, path), path, baseDir: dirname(path) };
}
