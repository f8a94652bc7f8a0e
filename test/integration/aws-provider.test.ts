import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsLocation } from '../../providers/aws/config.js';
import { toVaultError } from '../../providers/aws/errors.js';
import { createAwsSecretsManagerProvider } from '../../providers/aws/index.js';
import type { VaultProvider } from '../../providers/types.js';
import { fixedClock } from '../../src/clock.js';
import { fingerprintOf, Secret } from '../../src/secret.js';
import { motoClient, motoTestsEnabled, useMoto } from '../support/moto.js';

const raw = () => `cativa_live_${randomBytes(16).toString('hex')}`;
let writes = 0;
const ctx = (rotationId?: string) => {
  writes += 1;
  return {
    rotationId: rotationId ?? `provider-${writes}`,
    at: new Date(Date.UTC(2025, 0, 1) + writes * 60_000),
  };
};

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Error & Record<string, unknown>,
  );
}

describe.runIf(motoTestsEnabled())('Provider: aws (moto)', () => {
  const moto = useMoto();
  let client: SecretsManager;
  let provider: VaultProvider<AwsLocation>;
  const run = randomBytes(4).toString('hex');
  const name = (s: string) => `provider/${run}/${s}`;
  const text = async (secretId: string, VersionStage: string) =>
    (await client.getSecretValue({ SecretId: secretId, VersionStage })).SecretString;

  beforeAll(() => {
    client = motoClient(moto().endpoint);
    provider = createAwsSecretsManagerProvider(
      { maxAttempts: 2, tagPrefix: 'cativa-keys:', concurrency: 4 },
      { clock: fixedClock(new Date(0)), baseDir: '/', env: {} },
      { clientFor: () => client },
    );
  });

  describe('JSON field locations', () => {
    const others = '{ "user": "svc",\n  "big": 12345678901234567890, "nested": {"apiKey": "x"}, ';

    it('keeps the other fields byte for byte through stage and promote', async () => {
      const secretId = name('json');
      const old = raw();
      await client.createSecret({ Name: secretId, SecretString: `${others}"apiKey": "${old}" }` });
      const location: AwsLocation = { provider: 'aws', secretId, field: 'apiKey' };
      const next = new Secret(raw());
      await provider.stage(location, next, ctx());
      const expected = `${others}"apiKey": ${JSON.stringify(next.reveal())} }`;
      expect(await text(secretId, 'AWSPENDING')).toBe(expected);
      await provider.promote(location, fingerprintOf(next), ctx());
      expect(await text(secretId, 'AWSCURRENT')).toBe(expected);
      expect((await provider.read(location)).previous?.secret.reveal()).toBe(old);
    });

    it('promotes onto other fields changed after staging, without bringing old values back', async () => {
      const secretId = name('json-rebase');
      await client.createSecret({
        Name: secretId,
        SecretString: `{"user":"a","apiKey":"${raw()}"}`,
      });
      const location: AwsLocation = { provider: 'aws', secretId, field: 'apiKey' };
      const next = new Secret(raw());
      await provider.stage(location, next, ctx());
      const current = JSON.parse((await text(secretId, 'AWSCURRENT')) ?? '{}');
      await client.putSecretValue({
        SecretId: secretId,
        SecretString: JSON.stringify({ ...current, user: 'b' }),
      });
      await provider.promote(location, fingerprintOf(next), ctx());
      expect(JSON.parse((await text(secretId, 'AWSCURRENT')) ?? '')).toEqual({
        user: 'b',
        apiKey: next.reveal(),
      });
      const snapshot = await provider.read(location);
      expect(snapshot.pending).toBeUndefined();
      expect(snapshot.current?.fingerprint).toEqual(fingerprintOf(next));
    });

    it('adds the field to a JSON secret that lacks it, keeping the rest', async () => {
      const secretId = name('json-add');
      await client.createSecret({ Name: secretId, SecretString: '{"user":"svc"}' });
      const location: AwsLocation = { provider: 'aws', secretId, field: 'apiKey' };
      expect((await provider.read(location)).current).toBeUndefined();
      const k = new Secret(raw());
      await provider.writeCurrent(location, k, undefined, ctx());
      expect(JSON.parse((await text(secretId, 'AWSCURRENT')) ?? '')).toEqual({
        user: 'svc',
        apiKey: k.reveal(),
      });
    });

    it('stages and promotes into a JSON secret that lacks the field, as a primary', async () => {
      const secretId = name('json-primary-add');
      await client.createSecret({ Name: secretId, SecretString: '{"user":"svc"}' });
      const location: AwsLocation = { provider: 'aws', secretId, field: 'apiKey' };
      const k = new Secret(raw());
      await provider.stage(location, k, ctx());
      await provider.promote(location, fingerprintOf(k), ctx());
      expect(JSON.parse((await text(secretId, 'AWSCURRENT')) ?? '')).toEqual({
        user: 'svc',
        apiKey: k.reveal(),
      });
      const snapshot = await provider.read(location);
      expect(snapshot.current?.fingerprint).toEqual(fingerprintOf(k));
      expect(snapshot.pending).toBeUndefined();
    });

    it('refuses a secret that is not JSON, without quoting it', async () => {
      const secretId = name('not-json');
      const value = raw();
      await client.createSecret({ Name: secretId, SecretString: value });
      const error = await rejection(provider.read({ provider: 'aws', secretId, field: 'apiKey' }));
      expect(error.code).toBe('AWS_BAD_VALUE');
      expect(error.message).toContain(secretId);
      expect(inspect(error, { depth: 10 })).not.toContain(value);
    });
  });

  describe('Version tokens', () => {
    it('re-stages the same key under the same rotation after an abort (the known version is relabelled)', async () => {
      const location: AwsLocation = { provider: 'aws', secretId: name('restage') };
      await provider.writeCurrent(location, new Secret(raw()), undefined, ctx());
      const next = new Secret(raw());
      await provider.stage(location, next, ctx('rot-restage'));
      await provider.discardPending(location, fingerprintOf(next), ctx());
      expect((await provider.read(location)).pending).toBeUndefined();
      await provider.stage(location, next, ctx('rot-restage'));
      expect((await provider.read(location)).pending?.fingerprint).toEqual(fingerprintOf(next));
    });

    it('refuses a different key under a rotation id whose token AWS already knows', async () => {
      const location: AwsLocation = { provider: 'aws', secretId: name('token-reuse') };
      await provider.writeCurrent(location, new Secret(raw()), undefined, ctx());
      const first = new Secret(raw());
      await provider.stage(location, first, ctx('rot-reused'));
      await provider.discardPending(location, fingerprintOf(first), ctx());
      const error = await rejection(provider.stage(location, new Secret(raw()), ctx('rot-reused')));
      expect(error.name).toBe('ConflictError');
      expect(error.message).toContain(location.secretId);
      expect((await provider.read(location)).pending).toBeUndefined();
    });
  });

  describe('Errors', () => {
    it('reports a secret scheduled for deletion as a vault error naming it', async () => {
      const secretId = name('deleted');
      await client.createSecret({ Name: secretId, SecretString: raw() });
      await client.deleteSecret({ SecretId: secretId, RecoveryWindowInDays: 7 });
      const error = await rejection(provider.read({ provider: 'aws', secretId }));
      expect(error.name).toBe('VaultError');
      expect(error.code).toBe('AWS_INVALID_REQUEST');
      expect(error.message).toContain(secretId);
      expect(error.message).toContain('scheduled for deletion');
    });

    it('refuses to create a secret named by an ARN', async () => {
      const secretId = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:provider/none-AbCdEf';
      const error = await rejection(
        provider.writeCurrent({ provider: 'aws', secretId }, new Secret(raw()), undefined, ctx()),
      );
      expect(error.code).toBe('AWS_NOT_FOUND');
    });

    it('maps an error AWS answered to a vault error with its request id and the secret name', async () => {
      const secretId = name('bad-label');
      await client.createSecret({ Name: secretId, SecretString: raw() });
      // Moving AWSPENDING away from a version that does not hold it: AWS refuses.
      const error = await rejection(
        client
          .updateSecretVersionStage({
            SecretId: secretId,
            VersionStage: 'AWSPENDING',
            RemoveFromVersionId: 'nope-nope-nope-nope-nope-nope-nope',
          })
          .catch((e: unknown) => {
            throw toVaultError(e, `aws:${secretId}`, 'UpdateSecretVersionStage');
          }),
      );
      expect(error.name).toBe('VaultError');
      expect(error.message).toContain(secretId);
      expect(error.message).toMatch(/AWS request id \S+/);
      expect(error.requestId).toEqual(expect.any(String));
    });
  });
});
