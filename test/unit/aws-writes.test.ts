import { describe, expect, it } from 'vitest';
import type { AwsLocation } from '../../providers/aws/config.js';
import { createAwsSecretsManagerProvider } from '../../providers/aws/index.js';
import type { SecretsManagerPort } from '../../providers/aws/port.js';
import { fixedClock } from '../../src/clock.js';
import { fingerprintOf, Secret } from '../../src/secret.js';
import { awsError, fakePort } from '../support/moto-fake-port.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/hubspot-AbCdEf';
const OLD = 'cativa_live_00000000000000000000000000000000';
const NEW = new Secret('cativa_live_11111111111111111111111111111111');
const location: AwsLocation = { provider: 'aws', secretId: 'prod/hubspot' };
const ctx = { rotationId: 'rot-1', at: new Date(Date.UTC(2025, 0, 1)) };

function providerOver(port: SecretsManagerPort) {
  return createAwsSecretsManagerProvider(
    { maxAttempts: 1, tagPrefix: 'cativa-keys:', concurrency: 2 },
    { clock: fixedClock(new Date(0)), baseDir: '/', env: {} },
    { clientFor: () => port },
  );
}

const onlyCurrent = {
  describeSecret: () => ({ ARN, VersionIdsToStages: { v1: ['AWSCURRENT'] } }),
  getSecretValue: () => ({ ARN, VersionId: 'v1', SecretString: OLD }),
  tagResource: () => ({}),
};

describe('Provider: aws, Method: stage (fakes)', () => {
  it('throws ConflictError when AWS refuses a known token for another value', async () => {
    // AWS raises ResourceExistsException; moto overwrites an AWSPENDING version instead, which
    // is why this branch is shown with a fake.
    const port = fakePort({
      ...onlyCurrent,
      putSecretValue: () => {
        throw awsError('ResourceExistsException', 400, 'req-exists');
      },
    });
    await expect(providerOver(port).stage(location, NEW, ctx)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('req-exists'),
    });
  });

  it('moves AWSPENDING itself when AWS ignored a repeated write of a known version', async () => {
    const port = fakePort({
      ...onlyCurrent,
      putSecretValue: () => ({ ARN, VersionId: 'tok', VersionStages: [] }),
      updateSecretVersionStage: () => ({ ARN }),
    });
    await providerOver(port).stage(location, NEW, ctx);
    const put = port.calls.find((c) => c.method === 'putSecretValue')?.input as {
      ClientRequestToken: string;
    };
    expect(put.ClientRequestToken).toMatch(/^ck-s-[0-9a-f]{38}$/);
    expect(port.calls.at(-1)).toEqual({
      method: 'updateSecretVersionStage',
      input: { SecretId: ARN, VersionStage: 'AWSPENDING', MoveToVersionId: put.ClientRequestToken },
    });
  });

  it('writes the ledger tag before the value', async () => {
    const port = fakePort({
      ...onlyCurrent,
      putSecretValue: () => ({ ARN, VersionId: 'tok', VersionStages: ['AWSPENDING'] }),
    });
    await providerOver(port).stage(location, NEW, ctx);
    expect(port.calls.map((c) => c.method).slice(-2)).toEqual(['tagResource', 'putSecretValue']);
  });
});

describe('Provider: aws, Method: promote (fakes)', () => {
  it('only removes AWSPENDING when it was left on the promoted version', async () => {
    const port = fakePort({
      describeSecret: () => ({ ARN, VersionIdsToStages: { v2: ['AWSCURRENT', 'AWSPENDING'] } }),
      getSecretValue: () => ({ ARN, VersionId: 'v2', SecretString: NEW.reveal() }),
      updateSecretVersionStage: () => ({ ARN }),
    });
    await providerOver(port).promote(location, fingerprintOf(NEW), ctx);
    expect(port.calls.at(-1)).toEqual({
      method: 'updateSecretVersionStage',
      input: { SecretId: ARN, VersionStage: 'AWSPENDING', RemoveFromVersionId: 'v2' },
    });
  });
});
