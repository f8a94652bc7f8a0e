import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderSet } from '../../providers/registry.js';
import { createCativaClient } from '../../src/cativa/client.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { managedKeys } from '../../src/config/schema.js';
import {
  createSecretsManagerRotationHandler,
  type SecretsManagerRotationHandler,
} from '../../src/lambda/secrets-manager-rotation.js';
import { ROTATION_STEPS } from '../../src/lambda/sm-rotation-event.js';
import { createRotationEngine } from '../../src/rotation/engine.js';
import type { Secret } from '../../src/secret.js';
import { MOTO_REGION, motoClient, motoTestsEnabled, useMoto } from '../support/moto.js';
import { startNativeRotation } from '../support/moto-rotation.js';
import { type Receiver, startReceiver } from '../support/receiver.js';

const KEY_NAME = 'Sync HubSpot prod';
const TENANT = 'Acme Robotics';

/** One secret (primary) and one file-vault entry (replica), both holding `old`, and the handler. */
interface Scene {
  readonly secretId: string;
  readonly arn: string;
  readonly old: Secret;
  readonly handler: SecretsManagerRotationHandler;
  /** Stages a key as `cativa-keys stage` does (the rotation engine's stage step). */
  stage(key: Secret): Promise<void>;
  /** Raw values for assertions: AWSCURRENT, AWSPENDING, replica current; and the labels. */
  observe(): Promise<{ current?: string; pending?: string; replica?: string; labels: unknown }>;
  event(
    step: string,
    token: string,
  ): { SecretId: string; ClientRequestToken: string; Step: string };
}

describe.runIf(motoTestsEnabled())(
  'Lambda: Secrets Manager rotation function (moto + simulator)',
  () => {
    const moto = useMoto();
    let sim: CativaSimulator;
    let client: SecretsManager;
    let dir: string;
    let receiver: Receiver;
    const saved = new Map<string, string | undefined>();
    let n = 0;

    beforeAll(async () => {
      const env = {
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: MOTO_REGION,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: moto().endpoint,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      };
      for (const [name, value] of Object.entries(env)) {
        saved.set(name, process.env[name]);
        process.env[name] = value;
      }
      sim = await startCativaSimulator();
      receiver = await startReceiver();
      client = motoClient(moto().endpoint);
      dir = await mkdtemp(join(tmpdir(), 'ck-sm-rotation-'));
    });
    afterAll(async () => {
      await sim?.close();
      await receiver?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    async function scene(): Promise<Scene> {
      n += 1;
      const secretId = `rotation-${process.pid}/hubspot-${n}`;
      const replica = `replica-${n}`;
      const old = sim.createKey({ tenant: TENANT });
      // Test code: the key as a person first put it into both vaults.
      const created = await client.createSecret({ Name: secretId, SecretString: old.reveal() });
      const configPath = join(dir, `config-${n}.yaml`);
      await writeFile(
        configPath,
        [
          'cativa:',
          `  baseUrl: ${sim.url}`,
          '  retries: 0',
          'alerts:',
          '  retries: 0',
          '  channels:',
          '    - { type: webhook, urlEnv: CK_TEST_WEBHOOK_URL, secretEnv: CK_TEST_WEBHOOK_SECRET }',
          'keys:',
          `  - name: ${KEY_NAME}`,
          `    tenant: ${TENANT}`,
          '    locations:',
          `      - { provider: aws, secretId: ${secretId} }`,
          `      - { provider: file, entry: ${replica} }`,
          '',
        ].join('\n'),
      );
      const env = {
        ...process.env,
        CATIVA_KEYS_CONFIG: configPath,
        CK_TEST_WEBHOOK_URL: `${receiver.url}/hook`,
        CK_TEST_WEBHOOK_SECRET: 'x'.repeat(40),
      };
      const loaded = await loadConfig({ flag: configPath, env, cwd: dir });
      const [key] = managedKeys(loaded.config);
      if (!key) throw new Error('no key');
      const providers = createProviderSet(loaded.config.providers, {
        clock: systemClock,
        baseDir: dir,
        env,
      });
      const locations = await Promise.all(key.locations.map((l) => providers.bind(l)));
      const [primary, copy] = locations;
      if (!primary || !copy) throw new Error('two locations expected');
      await copy.provider.writeCurrent(copy.location, old, undefined, {
        rotationId: 'seed',
        at: new Date(),
      });
      const engine = createRotationEngine({
        cativa: createCativaClient({ baseUrl: sim.url, retries: 0 }),
        clock: systemClock,
      });
      const arn = created.ARN ?? secretId;
      const value = async (stage: string) =>
        client.getSecretValue({ SecretId: secretId, VersionStage: stage }).then(
          (r) => r.SecretString,
          () => undefined,
        );
      return {
        secretId,
        arn,
        old,
        handler: createSecretsManagerRotationHandler(() => ({ env, cwd: dir, clock: systemClock })),
        stage: async (k) => {
          await engine.stage({ key, locations }, k);
        },
        observe: async () => ({
          current: await value('AWSCURRENT'),
          pending: await value('AWSPENDING'),
          replica: (await copy.provider.read(copy.location)).current?.secret.reveal(),
          labels: (await client.describeSecret({ SecretId: secretId })).VersionIdsToStages,
        }),
        event: (step, token) => ({ SecretId: arn, ClientRequestToken: token, Step: step }),
      };
    }

    async function runSteps(s: Scene, token: string) {
      const outcomes: string[] = [];
      for (const step of ROTATION_STEPS)
        outcomes.push((await s.handler(s.event(step, token))).outcome);
      return outcomes;
    }

    it('rotates a key staged into the version AWS created: AWSCURRENT and the replica hold it', async () => {
      const s = await scene();
      const token = await startNativeRotation(client, s.secretId);
      const next = sim.createKey({ tenant: TENANT });
      await s.stage(next);
      expect(await runSteps(s, token)).toEqual([
        'staged-key-found',
        'nothing-to-set',
        'validated',
        'promoted',
      ]);
      const after = await s.observe();
      expect(after.current).toBe(next.reveal());
      expect(after.replica).toBe(next.reveal());
      expect(after.pending).toBeUndefined();
      expect((after.labels as Record<string, string[]>)[token]).toEqual(['AWSCURRENT']);
      expect(
        (await client.getSecretValue({ SecretId: s.secretId, VersionStage: 'AWSPREVIOUS' }))
          .SecretString,
      ).toBe(s.old.reveal());
    });

    it('rotates a key staged before the rotation, when AWS re-invokes with the staged version', async () => {
      const s = await scene();
      // Rotation on, with a version AWS filled itself; then a person stages into a version of its own.
      await startNativeRotation(client, s.secretId, false);
      const next = sim.createKey({ tenant: TENANT });
      await s.stage(next);
      const labels = (await s.observe()).labels as Record<string, string[]>;
      const staged = Object.keys(labels).find((id) => labels[id]?.includes('AWSPENDING'));
      if (!staged) throw new Error('nothing pending');
      await runSteps(s, staged);
      expect((await s.observe()).current).toBe(next.reveal());
    });

    it('fails createSecret with what to run when no key is staged, and changes nothing', async () => {
      const s = await scene();
      const token = await startNativeRotation(client, s.secretId);
      const before = await s.observe();
      const error = await s.handler(s.event('createSecret', token)).then(
        () => undefined,
        (e: Error & { code?: string }) => e,
      );
      expect(error?.code).toBe('NATIVE_ROTATION_NOTHING_STAGED');
      expect(error?.message).toContain(`cativa-keys stage '${KEY_NAME}'`);
      expect(error?.message).toContain(`aws secretsmanager rotate-secret --secret-id '${s.arn}'`);
      expect(error?.message).toContain('Nothing was changed');
      expect(await s.observe()).toEqual(before);
    });

    it('fails testSecret for a key of another tenant, leaving AWSCURRENT and the replica alone', async () => {
      const s = await scene();
      const token = await startNativeRotation(client, s.secretId);
      const foreign = sim.createKey({ tenant: 'Other Corp' });
      await s.stage(foreign);
      await s.handler(s.event('createSecret', token));
      await s.handler(s.event('setSecret', token));
      const error = await s.handler(s.event('testSecret', token)).then(
        () => undefined,
        (e: Error & { code?: string }) => e,
      );
      expect(error?.code).toBe('KEY_WRONG_TENANT');
      const after = await s.observe();
      expect(after.current).toBe(s.old.reveal());
      expect(after.replica).toBe(s.old.reveal());
      expect(after.pending).toBe(foreign.reveal());

      // The failure was alerted, naming the key and the step, never the key itself.
      const alert = receiver.requests.at(-1);
      expect(alert?.path).toBe('/hook');
      const body = JSON.parse(alert?.body ?? '{}') as { type: string; title: string };
      expect(body.type).toBe('cativa-keys.rotation.failure');
      expect(body.title).toBe(`cativa-keys: rotation of '${KEY_NAME}' failed at testSecret`);
      expect(alert?.body).not.toContain(foreign.reveal());
      expect(alert?.body).not.toContain(s.old.reveal());
    });

    it('does nothing when a step is replayed after the rotation finished', async () => {
      const s = await scene();
      const token = await startNativeRotation(client, s.secretId);
      await s.stage(sim.createKey({ tenant: TENANT }));
      await runSteps(s, token);
      const before = await s.observe();
      const tags = (await client.describeSecret({ SecretId: s.secretId })).Tags;
      expect(await runSteps(s, token)).toEqual(Array(4).fill('already-current'));
      expect(await s.observe()).toEqual(before);
      expect((await client.describeSecret({ SecretId: s.secretId })).Tags).toEqual(tags);
    });

    it('refuses events the AWS templates refuse: rotation off, unknown version, version not pending', async () => {
      const s = await scene();
      const refused = (event: object) =>
        s.handler(event).then(
          () => undefined,
          (e: Error & { code?: string }) => e.code,
        );
      expect(await refused(s.event('createSecret', 'ffffffff-ffff-4fff-8fff-ffffffffffff'))).toBe(
        'NATIVE_ROTATION_REFUSED',
      );
      const token = await startNativeRotation(client, s.secretId);
      expect(await refused(s.event('testSecret', 'ffffffff-ffff-4fff-8fff-ffffffffffff'))).toBe(
        'NATIVE_ROTATION_REFUSED',
      );
      const labels = (await s.observe()).labels as Record<string, string[]>;
      const current = Object.keys(labels).find((id) => labels[id]?.includes('AWSCURRENT'));
      await client.updateSecretVersionStage({
        SecretId: s.secretId,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: token,
      });
      expect(await refused(s.event('finishSecret', token))).toBe('NATIVE_ROTATION_REFUSED');
      expect(current && (await s.handler(s.event('finishSecret', current))).outcome).toBe(
        'already-current',
      );
      expect(await refused({ SecretId: s.arn, Step: 'createSecret' })).toBe('CONFIG_INVALID');
    });
  },
);
