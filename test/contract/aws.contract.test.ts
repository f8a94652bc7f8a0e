import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import type { AwsLocation } from '../../providers/aws/config.js';
import { createAwsSecretsManagerProvider } from '../../providers/aws/index.js';
import { fixedClock } from '../../src/clock.js';
import { motoClient, motoTestsEnabled, useMoto } from '../support/moto.js';
import { describeProviderContract, type ProviderContractFixture } from './provider-contract.js';

describe.runIf(motoTestsEnabled())('AWS Secrets Manager on moto', () => {
  const moto = useMoto();
  const settings = { maxAttempts: 2, tagPrefix: 'cativa-keys:', concurrency: 4 };
  const run = randomBytes(4).toString('hex');

  /** A fixture whose n-th fresh location is `locate(n)`. */
  const fixture = (locate: (n: number) => AwsLocation): ProviderContractFixture<AwsLocation> => {
    const client = motoClient(moto().endpoint);
    let n = 0;
    return {
      provider: createAwsSecretsManagerProvider(
        settings,
        { clock: fixedClock(new Date(0)), baseDir: '/', env: {} },
        { clientFor: () => client },
      ),
      primary: true,
      recordsWriteTime: true,
      location: () => {
        n += 1;
        return locate(n);
      },
      cleanup: async () => {},
    };
  };

  // Both location forms: a whole secret, and one field of a JSON secret that holds other fields.
  describeProviderContract<AwsLocation>('aws (whole secret)', () =>
    fixture((n) => ({ provider: 'aws', secretId: `contract/${run}/whole-${n}` })),
  );
  describeProviderContract<AwsLocation>('aws (JSON field)', () =>
    fixture((n) => ({ provider: 'aws', secretId: `contract/${run}/field-${n}`, field: 'apiKey' })),
  );
});
