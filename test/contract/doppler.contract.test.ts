import type { DopplerLocation } from '../../providers/doppler/config.js';
import { dopplerSettingsSchema } from '../../providers/doppler/config.js';
import { createDopplerVault } from '../../providers/doppler/index.js';
import { fixedClock } from '../../src/clock.js';
import { startDopplerServer } from '../support/doppler-server.js';
import { describeProviderContract } from './provider-contract.js';

/**
 * The Doppler provider through the real @dopplerhq/node-sdk against the local Doppler API server.
 * Locations alternate between two configs so that batched reads span more than one.
 */
describeProviderContract<DopplerLocation>('doppler', async () => {
  const server = await startDopplerServer();
  server.createConfig('backend', 'prd');
  server.createConfig('backend', 'stg');
  const provider = createDopplerVault(
    dopplerSettingsSchema.parse({ baseUrl: server.url, timeoutMs: 2_000, retries: 1 }),
    {
      clock: fixedClock(new Date(Date.UTC(2025, 0, 1))),
      baseDir: process.cwd(),
      env: { DOPPLER_TOKEN: server.token },
    },
  );
  let locations = 0;
  return {
    provider,
    primary: true,
    // Replica writes keep no record, so their storedAt is Doppler's config-log time, not ctx.at.
    recordsWriteTime: false,
    location: () => {
      locations += 1;
      return {
        provider: 'doppler',
        project: 'backend',
        config: locations % 2 === 0 ? 'prd' : 'stg',
        name: `CATIVA_API_KEY_${locations}`,
      };
    },
    cleanup: () => server.close(),
  };
});
