import { providerRegistry } from '../../providers/registry.js';
import { startLatencyProxy } from '../latency-proxy.js';
import type { ServerStart } from './types.js';

/** Region of every bench secret; moto accepts any. */
const REGION = 'us-east-1';

/**
 * moto_server (started by the tests' own `test/support/moto.ts`) behind the latency proxy. The
 * AWS SDK finds it through `AWS_ENDPOINT_URL_SECRETS_MANAGER`, as the provider documents; calls
 * are counted by their `X-Amz-Target` (`aws ListSecrets`, `aws BatchGetSecretValue`, ...).
 */
export async function startAwsServer(): Promise<ServerStart> {
  if (!('aws' in providerRegistry)) {
    return { unavailable: 'the aws provider is not in providers/registry.ts (not landed)' };
  }
  const moto = await import('../../test/support/moto.js');
  if (!moto.motoAvailable()) {
    return { unavailable: "moto_server is not on PATH (pip install 'moto[server]')" };
  }
  const server = await moto.startMoto();
  const proxy = await startLatencyProxy(server.endpoint, (req) => {
    const target = req.headers['x-amz-target'];
    const action =
      typeof target === 'string' ? target.replace(/^secretsmanager\./, '') : req.method;
    return `aws ${action}`;
  });
  return {
    provider: 'aws',
    settings: { region: REGION },
    // An audit's secrets share a prefix, as docs/aws.md recommends: ListSecrets pages of 100.
    settingsFor: (group) => ({ region: REGION, listPrefix: `cativa-bench/${group}/` }),
    env: {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: proxy.url,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    location: (slug) => ({ provider: 'aws', secretId: `cativa-bench/${slug}` }),
    setLatency: (ms) => proxy.setLatency(ms),
    calls: () => proxy.counts(),
    resetCounters: () => proxy.resetCounters(),
    async close() {
      await proxy.close();
      await server.stop();
    },
  };
}
