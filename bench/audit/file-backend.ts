import { systemClock } from '../../src/clock.js';
import type { AuditBackend } from './backend.js';
import { fileAuditFixture } from './file-fixture.js';

/**
 * The local file vault: one file read per audit, whatever N. It has no remote calls, so the
 * floor is Cativa's round trips alone; latency is injected on Cativa only.
 */
export function fileBackend(root: string, concurrency: number): AuditBackend {
  return {
    name: 'file',
    prepare: (sim, n) => fileAuditFixture(sim, root, n, concurrency, systemClock),
    unavoidable: (n) => ({ parallel: { '/auth/me': n }, sequential: {} }),
    setLatency: () => {},
    remoteCalls: () => ({}),
    resetCounters: () => {},
    env: {},
    close: async () => {},
  };
}
