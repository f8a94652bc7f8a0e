import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Clock, DAY_MS } from '../../src/clock.js';
import { seedThroughProvider } from '../seed-provider.js';
import type { VaultServer } from '../servers/types.js';
import type { AuditBackend } from './backend.js';
import { BENCH_TENANT, benchKeyName, writeBenchConfig } from './config-file.js';
import type { RoundTrips } from './floor.js';

/** Writes in flight while seeding a remote vault (seeding is not measured). */
const SEED_PARALLEL = 8;

/**
 * An audit backend over a local vault server: `n` keys, one location each (the primary), seeded
 * through the provider 10 days ago; latency injected by the server's proxy.
 */
export function remoteBackend(
  server: VaultServer,
  root: string,
  concurrency: number,
  unavoidable: (n: number) => RoundTrips,
  clock: Clock,
): AuditBackend {
  return {
    name: server.provider,
    async prepare(sim, n) {
      const dir = join(root, `${server.provider}-${n}`);
      await mkdir(dir, { recursive: true });
      const keys = Array.from({ length: n }, (_, k) => {
        const name = benchKeyName(k + 1);
        return {
          name,
          tenant: BENCH_TENANT,
          location: server.location(`n${n}/key-${String(k + 1).padStart(5, '0')}`),
          secret: sim.createKey({ tenant: BENCH_TENANT, name }),
        };
      });
      const providers = { [server.provider]: server.settingsFor?.(`n${n}`) ?? server.settings };
      await seedThroughProvider(providers, { ...process.env, ...server.env }, keys, {
        at: new Date(clock.now().getTime() - 10 * DAY_MS),
        clock,
        parallel: SEED_PARALLEL,
      });
      const configPath = await writeBenchConfig(dir, {
        cativaUrl: sim.url,
        concurrency,
        providers,
        keys: keys.map((k) => ({ name: k.name, tenant: k.tenant, locations: [k.location] })),
      });
      return { configPath };
    },
    unavoidable,
    setLatency: (ms) => server.setLatency(ms),
    remoteCalls: () => server.calls(),
    resetCounters: () => server.resetCounters(),
    env: server.env,
    close: () => server.close(),
  };
}
