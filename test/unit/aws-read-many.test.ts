import { describe, expect, it } from 'vitest';
import type { AwsLocation } from '../../providers/aws/config.js';
import { createAwsSecretsManagerProvider } from '../../providers/aws/index.js';
import type { SecretsManagerPort } from '../../providers/aws/port.js';
import { fixedClock } from '../../src/clock.js';
import { Secret } from '../../src/secret.js';
import { awsError, fakePort } from '../support/moto-fake-port.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/hubspot-AbCdEf';
const KEY_NEW = 'cativa_live_11111111111111111111111111111111';
const KEY_OLD = 'cativa_live_00000000000000000000000000000000';
const location: AwsLocation = { provider: 'aws', secretId: 'prod/hubspot' };
const listed = {
  SecretList: [
    { ARN, Name: 'prod/hubspot', SecretVersionsToStages: { v2: ['AWSCURRENT'], v1: [] } },
  ],
};
const described = { ARN, Name: 'prod/hubspot', VersionIdsToStages: { v2: ['AWSCURRENT'] } };
const currentV2 = { ARN, VersionId: 'v2', VersionStages: ['AWSCURRENT'], SecretString: KEY_NEW };

function providerOver(port: SecretsManagerPort) {
  return createAwsSecretsManagerProvider(
    { maxAttempts: 1, tagPrefix: 'cativa-keys:', concurrency: 2 },
    { clock: fixedClock(new Date(0)), baseDir: '/', env: {} },
    { clientFor: () => port },
  );
}

describe('Provider: aws, Method: readMany (fakes)', () => {
  it('reads a location alone when the batched value is not the version listed as AWSCURRENT', async () => {
    const port = fakePort({
      listSecrets: () => listed,
      // AWS: ListSecrets lagging behind; moto: BatchGetSecretValue serving a stale version.
      batchGetSecretValue: () => ({
        SecretValues: [
          { ARN, VersionId: 'v1', VersionStages: ['AWSPREVIOUS'], SecretString: KEY_OLD },
        ],
      }),
      describeSecret: () => described,
      getSecretValue: () => currentV2,
    });
    const [result] = (await providerOver(port).readMany?.([location])) ?? [];
    expect(
      result && 'current' in result && result.current?.secret.equals(new Secret(KEY_NEW)),
    ).toBe(true);
    expect(port.calls.map((c) => c.method)).toEqual([
      'listSecrets',
      'batchGetSecretValue',
      'describeSecret',
      'getSecretValue',
    ]);
    expect(port.calls[3]?.input).toMatchObject({ VersionStage: 'AWSCURRENT' });
  });

  it('reads a location alone when the batch reports an error for it', async () => {
    const port = fakePort({
      listSecrets: () => listed,
      batchGetSecretValue: () => ({
        SecretValues: [],
        Errors: [{ SecretId: ARN, ErrorCode: 'DecryptionFailure', Message: 'kms' }],
      }),
      describeSecret: () => described,
      getSecretValue: () => currentV2,
    });
    const [result] = (await providerOver(port).readMany?.([location])) ?? [];
    expect(result && 'current' in result && result.current?.fingerprint.hint).toBe(
      'cativa_live_…1111',
    );
  });

  it('falls back to one read per location when ListSecrets is not allowed', async () => {
    const port = fakePort({
      listSecrets: () => {
        throw awsError('AccessDeniedException');
      },
      describeSecret: () => described,
      getSecretValue: () => currentV2,
    });
    const results = (await providerOver(port).readMany?.([location, location])) ?? [];
    expect(results.every((r) => 'current' in r && r.current !== undefined)).toBe(true);
  });

  it('reports every location unreachable when AWS keeps throttling the list', async () => {
    const port = fakePort({
      listSecrets: () => {
        throw awsError('ThrottlingException', 400, 'req-throttle');
      },
    });
    const results = (await providerOver(port).readMany?.([location])) ?? [];
    expect(results[0]).toMatchObject({
      error: { code: 'AWS_THROTTLED', requestId: 'req-throttle', retryable: true },
    });
  });
});
