import { mkdir } from 'node:fs/promises';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import type { AppContext } from '../../src/cli/context.js';
import { buildContext } from '../../src/cli/context.js';
import { processIo } from '../../src/cli/io.js';
import type { RotationTarget } from '../../src/rotation/types.js';
import { fingerprintOf, type Secret } from '../../src/secret.js';
import { BENCH_TENANT, writeBenchConfig } from '../audit/config-file.js';
import { countingProviderSet } from '../audit/counting-providers.js';
import type { VaultServer } from '../servers/types.js';

/** The key name every rotation case rotates. */
export const ROTATION_KEY = 'Bench rotation';

/** A managed key whose locations hold a valid key, ready to rotate, and the graph around it. */
export interface RotationFixture {
  readonly context: AppContext;
  readonly target: RotationTarget;
  /** Calls into our adapters, cumulative, by `<provider> <method>`. */
  readonly adapterCounts: Record<string, number>;
  /** The key every location holds now. */
  readonly current: Secret;
}

/**
 * Writes a config whose one key lives in a file-vault primary and the given replicas, loads it
 * as the CLI does, and puts a valid key in every location through the providers (stage and
 * promote at the primary, writeCurrent at the replicas).
 */
export async function rotationFixture(
  sim: CativaSimulator,
  dir: string,
  replicas: readonly Readonly<Record<string, unknown>>[],
  servers: readonly VaultServer[],
  concurrency: number,
): Promise<RotationFixture> {
  await mkdir(dir, { recursive: true });
  const configPath = await writeBenchConfig(dir, {
    cativaUrl: sim.url,
    concurrency,
    providers: {
      file: { path: 'vault.json' },
      ...Object.fromEntries(servers.map((s) => [s.provider, s.settings])),
    },
    keys: [
      {
        name: ROTATION_KEY,
        tenant: BENCH_TENANT,
        locations: [{ provider: 'file', entry: 'rotation-primary' }, ...replicas],
      },
    ],
  });
  const env = Object.assign({}, process.env, ...servers.map((s) => s.env));
  const context = await buildContext({ ...processIo(), env }, { config: configPath });
  const adapterCounts: Record<string, number> = {};
  const providers = countingProviderSet(context.providers, adapterCounts);
  const key = context.keys[0];
  if (!key) throw new Error('the rotation config has no key');
  const locations = await Promise.all(key.locations.map((l) => providers.bind(l)));
  const first = sim.createKey({ tenant: BENCH_TENANT, name: ROTATION_KEY });
  const ctx = { rotationId: 'bench-seed', at: context.clock.now() };
  const [primary, ...others] = locations;
  if (!primary) throw new Error('the rotation key has no primary');
  await primary.provider.stage(primary.location, first, ctx);
  await primary.provider.promote(primary.location, fingerprintOf(first), ctx);
  for (const r of others) await r.provider.writeCurrent(r.location, first, undefined, ctx);
  return { context, target: { key, locations }, adapterCounts, current: first };
}
