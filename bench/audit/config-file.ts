import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One managed key of a bench config, as it would be written in `cativa-keys.json`. */
export interface BenchKeyConfig {
  readonly name: string;
  readonly tenant: string;
  readonly locations: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Writes `cativa-keys.json` in `dir`: the same file a user would write, so the bench goes through
 * the real config loader. JSON rather than YAML because 10,000 keys parse faster as JSON, as
 * they would for a user with that many.
 */
export async function writeBenchConfig(
  dir: string,
  config: {
    readonly cativaUrl: string;
    readonly concurrency: number;
    readonly providers: Readonly<Record<string, unknown>>;
    readonly keys: readonly BenchKeyConfig[];
  },
): Promise<string> {
  const path = join(dir, 'cativa-keys.json');
  const body = {
    cativa: { baseUrl: config.cativaUrl },
    audit: { concurrency: config.concurrency },
    providers: config.providers,
    keys: config.keys,
  };
  await writeFile(path, JSON.stringify(body), { mode: 0o600 });
  return path;
}

/** `Bench key 00042`: sortable names, one per key. */
export function benchKeyName(i: number): string {
  return `Bench key ${String(i).padStart(5, '0')}`;
}

/** The tenant every bench key belongs to. */
export const BENCH_TENANT = 'Bench Robotics';
