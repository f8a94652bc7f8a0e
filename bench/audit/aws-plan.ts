import { systemClock } from '../../src/clock.js';
import type { BenchOptions } from '../options.js';
import { startAwsServer } from '../servers/aws.js';
import { applyEnv } from '../servers/types.js';
import { remoteBackend } from './remote-backend.js';
import type { AuditPlan } from './section.js';

/**
 * The AWS audit cases: moto behind the latency proxy. Unavoidable round trips for N keys: one
 * `/auth/me` each, `ceil(N/20)` `BatchGetSecretValue` (20 ids per call), both `concurrency` at a
 * time, and `ceil(N/100)` `ListSecrets` pages, which follow one another (each needs the last
 * page's token).
 */
export function awsPlan(options: BenchOptions, root: string): AuditPlan {
  return {
    name: 'aws',
    sizes: options.awsSizes,
    async start() {
      const server = await startAwsServer();
      if ('unavailable' in server) return server;
      // Seeding runs in this process, and the AWS SDK reads the endpoint from process.env.
      const restore = applyEnv(server.env);
      const backend = remoteBackend(
        server,
        root,
        options.concurrency,
        (n) => ({
          parallel: { '/auth/me': n, BatchGetSecretValue: Math.ceil(n / 20) },
          sequential: { ListSecrets: Math.ceil(n / 100) },
        }),
        systemClock,
      );
      return {
        ...backend,
        async close() {
          restore();
          await backend.close();
        },
      };
    },
  };
}
