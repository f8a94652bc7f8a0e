import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsLocation } from '../../providers/aws/config.js';
import { createAwsSecretsManagerProvider } from '../../providers/aws/index.js';
import type { LocationSnapshot, ReadFailure, VaultProvider } from '../../providers/types.js';
import { fixedClock } from '../../src/clock.js';
import { fingerprintOf, Secret } from '../../src/secret.js';
import { motoClient, motoTestsEnabled, useMoto } from '../support/moto.js';
import { type CallCounter, countCalls } from '../support/moto-calls.js';

const key = () => new Secret(`cativa_live_${randomBytes(16).toString('hex')}`);
let writes = 0;
const ctx = () => {
  writes += 1;
  return {
    rotationId: `read-many-${writes}`,
    at: new Date(Date.UTC(2025, 0, 1) + writes * 60_000),
  };
};

function summary(result: LocationSnapshot | ReadFailure) {
  if ('error' in result) return { error: result.error.message };
  const sha = (s: LocationSnapshot['current']) => s?.fingerprint.sha256;
  return {
    current: sha(result.current),
    pending: sha(result.pending),
    previous: sha(result.previous),
    storedAt: result.current?.storedAt?.getTime(),
    promotedAt: result.promotedAt?.getTime(),
  };
}

describe.runIf(motoTestsEnabled())('Provider: aws, Method: readMany (moto)', () => {
  const moto = useMoto();
  let provider: VaultProvider<AwsLocation>;
  let calls: CallCounter;
  let motoClientCounted: ReturnType<typeof motoClient>;
  const run = randomBytes(4).toString('hex');

  beforeAll(() => {
    const client = motoClient(moto().endpoint);
    calls = countCalls(client);
    motoClientCounted = client;
    provider = createAwsSecretsManagerProvider(
      { maxAttempts: 2, tagPrefix: 'cativa-keys:', concurrency: 4 },
      { clock: fixedClock(new Date(0)), baseDir: '/', env: {} },
      { clientFor: () => client },
    );
  });

  it('reads 25 secrets with 3 ListSecrets, 2 BatchGetSecretValue and one GetSecretValue per pending or previous version', async () => {
    const locations: AwsLocation[] = Array.from({ length: 25 }, (_, i) => ({
      provider: 'aws',
      secretId: `audit/${run}/key-${i + 1}`,
    }));
    for (const [i, location] of locations.entries()) {
      const first = key();
      await provider.writeCurrent(location, first, undefined, ctx());
      // Five get a previous version (a second write), three a pending one.
      if (i < 5) await provider.writeCurrent(location, key(), fingerprintOf(first), ctx());
      if (i >= 20 && i < 23) await provider.stage(location, key(), ctx());
    }
    calls.reset();
    const many = await provider.readMany?.(locations);
    // Formula (docs/aws.md): ceil(25/10) + ceil(25/20) + (5 previous + 3 pending).
    expect(calls.byCommand()).toEqual({
      BatchGetSecretValueCommand: 2,
      GetSecretValueCommand: 8,
      ListSecretsCommand: 3,
    });
    const one = await Promise.all(locations.map((l) => provider.read(l)));
    expect(many?.map(summary)).toEqual(one.map(summary));
    expect(many?.filter((r) => !('error' in r) && r.previous)).toHaveLength(5);
    expect(many?.filter((r) => !('error' in r) && r.pending)).toHaveLength(3);

    // With the names' shared prefix configured, one ListSecrets page lists all 25.
    const prefixed = createAwsSecretsManagerProvider(
      { maxAttempts: 2, tagPrefix: 'cativa-keys:', concurrency: 4, listPrefix: `audit/${run}/` },
      { clock: fixedClock(new Date(0)), baseDir: '/', env: {} },
      { clientFor: () => motoClientCounted },
    );
    calls.reset();
    const viaPrefix = await prefixed.readMany?.(locations);
    expect(calls.byCommand()).toEqual({
      BatchGetSecretValueCommand: 2,
      GetSecretValueCommand: 8,
      ListSecretsCommand: 1,
    });
    expect(viaPrefix?.map(summary)).toEqual(one.map(summary));
  });

  it('reads a missing secret as empty, alone, next to batched ones', async () => {
    const present: AwsLocation = { provider: 'aws', secretId: `audit/${run}/present` };
    const missing: AwsLocation = { provider: 'aws', secretId: `audit/${run}/missing` };
    await provider.writeCurrent(present, key(), undefined, ctx());
    calls.reset();
    const [a, b] = (await provider.readMany?.([present, missing])) ?? [];
    expect(a && 'current' in a && a.current).toBeTruthy();
    expect(b && summary(b)).toEqual({
      current: undefined,
      pending: undefined,
      previous: undefined,
      storedAt: undefined,
      promotedAt: undefined,
    });
    // One list call finds only `present`; the missing one is described alone.
    expect(calls.byCommand()).toEqual({
      BatchGetSecretValueCommand: 1,
      DescribeSecretCommand: 1,
      ListSecretsCommand: 1,
    });
  });

  it('reads the promoted key even where the batched value is an older version', async () => {
    // moto's BatchGetSecretValue keeps serving the version that was current before a label
    // move; on AWS, ListSecrets may lag instead. Either way the VersionId check catches it.
    const location: AwsLocation = { provider: 'aws', secretId: `audit/${run}/promoted` };
    const old = key();
    const next = key();
    await provider.writeCurrent(location, old, undefined, ctx());
    await provider.stage(location, next, ctx());
    const at = ctx();
    await provider.promote(location, fingerprintOf(next), at);
    const [result] = (await provider.readMany?.([location])) ?? [];
    expect(result && summary(result)).toEqual({
      current: fingerprintOf(next).sha256,
      pending: undefined,
      previous: fingerprintOf(old).sha256,
      storedAt: at.at.getTime(),
      promotedAt: at.at.getTime(),
    });
  });

  it('shares one read between two fields of the same JSON secret', async () => {
    const a: AwsLocation = { provider: 'aws', secretId: `audit/${run}/shared`, field: 'a' };
    const b: AwsLocation = { ...a, field: 'b' };
    const ka = key();
    const kb = key();
    await provider.writeCurrent(a, ka, undefined, ctx());
    await provider.writeCurrent(b, kb, undefined, ctx());
    calls.reset();
    const [ra, rb] = (await provider.readMany?.([a, b])) ?? [];
    expect(ra && summary(ra).current).toBe(fingerprintOf(ka).sha256);
    expect(rb && summary(rb).current).toBe(fingerprintOf(kb).sha256);
    // b's write moved a's value into AWSPREVIOUS, which equals a's current: one previous read.
    expect(calls.byCommand()).toEqual({
      BatchGetSecretValueCommand: 1,
      GetSecretValueCommand: 1,
      ListSecretsCommand: 1,
    });
  });
});
