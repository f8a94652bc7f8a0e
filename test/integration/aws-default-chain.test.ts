import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderSet, providersSettingsSchema } from '../../providers/registry.js';
import { fixedClock } from '../../src/clock.js';
import { fingerprintOf, Secret } from '../../src/secret.js';
import { motoClient, motoTestsEnabled, useMoto } from '../support/moto.js';

const CHAIN_ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'eu-west-1',
} as const;

describe.runIf(motoTestsEnabled())('Provider: aws, SDK default chain (moto)', () => {
  const moto = useMoto();
  const saved = new Map<string, string | undefined>();

  beforeAll(() => {
    const env = { ...CHAIN_ENV, AWS_ENDPOINT_URL_SECRETS_MANAGER: moto().endpoint };
    for (const [name, value] of Object.entries(env)) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
  });
  afterAll(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('loads the SDK only for an aws location, and finds moto through AWS_ENDPOINT_URL_SECRETS_MANAGER', async () => {
    const secretId = `chain/${randomBytes(4).toString('hex')}`;
    const key = new Secret(`cativa_live_${randomBytes(16).toString('hex')}`);
    await motoClient(moto().endpoint, 'eu-west-1').createSecret({
      Name: secretId,
      SecretString: key.reveal(),
    });
    const set = createProviderSet(providersSettingsSchema.parse({}), {
      clock: fixedClock(new Date(0)),
      baseDir: '/',
      env: process.env,
    });
    expect(set.loaded()).not.toContain('aws');
    const bound = await set.bind({ provider: 'aws', secretId });
    expect(set.loaded()).toContain('aws');
    expect(bound.label).toBe(`aws:${secretId}`);
    const snapshot = await bound.provider.read(bound.location);
    expect(snapshot.current?.fingerprint).toEqual(fingerprintOf(key));
    expect(snapshot.current?.storedAtEstimated).toBe(true);
  });
});
