import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type SeedEntry, seedFileVault } from '../../providers/file/seed.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { type Clock, DAY_MS } from '../../src/clock.js';
import { BENCH_TENANT, benchKeyName, writeBenchConfig } from './config-file.js';

/** A config whose keys all audit `ok`: the path the audit takes most often, at every size. */
export interface AuditFixture {
  readonly configPath: string;
  readonly keys: number;
}

/**
 * Seeds `n` keys, valid in the simulator and 10 days old, in one file vault (one entry each, the
 * entry being the primary and only location), and writes the config under `root/file-<n>`.
 */
export async function fileAuditFixture(
  sim: CativaSimulator,
  root: string,
  n: number,
  concurrency: number,
  clock: Clock,
): Promise<AuditFixture> {
  const dir = join(root, `file-${n}`);
  await mkdir(dir, { recursive: true });
  const storedAt = new Date(clock.now().getTime() - 10 * DAY_MS);
  const entries: Record<string, SeedEntry> = {};
  const keys = [];
  for (let i = 1; i <= n; i++) {
    const name = benchKeyName(i);
    const entry = `key-${i}`;
    entries[entry] = {
      current: { secret: sim.createKey({ tenant: BENCH_TENANT, name }), storedAt },
    };
    keys.push({ name, tenant: BENCH_TENANT, locations: [{ provider: 'file', entry }] });
  }
  await seedFileVault(join(dir, 'vault.json'), entries);
  const configPath = await writeBenchConfig(dir, {
    cativaUrl: sim.url,
    concurrency,
    providers: { file: { path: 'vault.json' } },
    keys,
  });
  return { configPath, keys: n };
}
