import { providerRegistry } from '../../providers/registry.js';
import { startLatencyProxy } from '../latency-proxy.js';
import type { ServerStart } from './types.js';

const PROJECT = 'bench';
const CONFIG = 'prd';
const TOKEN_ENV = 'CATIVA_BENCH_DOPPLER_TOKEN';

/**
 * The tests' local Doppler API server (`test/support/doppler-server.ts`) behind the latency
 * proxy; calls are counted as `doppler <method> <path>`.
 */
export async function startDopplerServer(): Promise<ServerStart> {
  if (!('doppler' in providerRegistry)) {
    return { unavailable: 'the doppler provider is not in providers/registry.ts (not landed)' };
  }
  const { startDopplerServer: start } = await import('../../test/support/doppler-server.js');
  const server = await start();
  server.createConfig(PROJECT, CONFIG);
  const proxy = await startLatencyProxy(server.url, (req) => {
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    return `doppler ${req.method} ${path}`;
  });
  return {
    provider: 'doppler',
    settings: { baseUrl: proxy.url, tokenEnv: TOKEN_ENV },
    env: { [TOKEN_ENV]: server.token },
    location: (slug) => ({
      provider: 'doppler',
      project: PROJECT,
      config: CONFIG,
      name: `CATIVA_KEY_${slug.toUpperCase().replaceAll(/[^A-Z0-9]/g, '_')}`,
    }),
    setLatency: (ms) => proxy.setLatency(ms),
    calls: () => proxy.counts(),
    resetCounters: () => proxy.resetCounters(),
    async close() {
      await proxy.close();
      await server.close();
    },
  };
}
