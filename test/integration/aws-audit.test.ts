import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createProviderSet,
  type LocationConfig,
  type ProviderSet,
} from '../../providers/registry.js';
import { runAudit } from '../../src/audit/run-audit.js';
import type { KeyReport } from '../../src/audit/types.js';
import { createCativaClient } from '../../src/cativa/client.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { DAY_MS, systemClock } from '../../src/clock.js';
import { configSchema, managedKeys } from '../../src/config/schema.js';
import { fingerprintOf, type Secret } from '../../src/secret.js';
import { MOTO_REGION, motoClient, motoTestsEnabled, useMoto } from '../support/moto.js';

const TENANT = 'Acme Robotics';

describe.runIf(motoTestsEnabled())(
  'Audit with AWS Secrets Manager locations (moto + simulator)',
  () => {
    const moto = useMoto();
    let sim: CativaSimulator;
    let client: SecretsManager;
    let providers: ProviderSet;
    let dir: string;
    const saved = new Map<string, string | undefined>();
    let n = 0;
    const secretId = () => {
      n += 1;
      return `audit-${process.pid}/key-${n}`;
    };
    const daysAgo = (days: number) => ({
      rotationId: `audit-test-${n}-${days}`,
      at: new Date(Date.now() - days * DAY_MS),
    });

    beforeAll(async () => {
      // The CLI's way: the SDK default chain finds moto through the environment.
      const env = {
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: MOTO_REGION,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: moto().endpoint,
      };
      for (const [name, value] of Object.entries(env)) {
        saved.set(name, process.env[name]);
        process.env[name] = value;
      }
      sim = await startCativaSimulator();
      client = motoClient(moto().endpoint);
      dir = await mkdtemp(join(tmpdir(), 'ck-aws-audit-'));
      providers = createProviderSet(
        configSchema.parse({
          keys: [{ name: 'x', tenant: 'x', locations: [{ provider: 'file', entry: 'x' }] }],
        }).providers,
        { clock: systemClock, baseDir: dir, env: process.env },
      );
    });
    afterAll(async () => {
      await sim?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    const provider = async (location: LocationConfig) => (await providers.bind(location)).provider;
    const validKey = () => sim.createKey({ tenant: TENANT });

    async function audit(locations: LocationConfig[]): Promise<KeyReport> {
      const config = configSchema.parse({
        cativa: { baseUrl: sim.url, retries: 0 },
        keys: [{ name: 'Sync HubSpot prod', tenant: TENANT, locations }],
      });
      const report = await runAudit(
        managedKeys(config),
        {
          providers,
          cativa: createCativaClient({ baseUrl: sim.url, retries: 0 }),
          clock: systemClock,
        },
        { concurrency: 4 },
      );
      const [key] = report.keys;
      if (!key) throw new Error('no report');
      return key;
    }

    async function seed(location: LocationConfig, key: Secret, days: number) {
      await (await provider(location)).writeCurrent(location, key, undefined, daysAgo(days));
    }

    it('reports ok for a fresh valid key, with the age the tool recorded', async () => {
      const location: LocationConfig = { provider: 'aws', secretId: secretId() };
      await seed(location, validKey(), 3);
      const report = await audit([location]);
      expect(report.status).toBe('ok');
      expect(report.ageEstimated).toBe(false);
      expect(Math.round(report.ageDays ?? -1)).toBe(3);
    });

    it('estimates the age of a key the tool never wrote from the version CreatedDate', async () => {
      const location = { provider: 'aws' as const, secretId: secretId() };
      const key = validKey();
      // Test code: seeding as a person would, outside the tool.
      await client.createSecret({ Name: location.secretId, SecretString: key.reveal() });
      const report = await audit([location]);
      expect(report.status).toBe('ok');
      expect(report.ageEstimated).toBe(true);
      expect(report.ageDays).toBeLessThan(1);
    });

    it.each([
      [80, 'due'],
      [95, 'stale'],
    ])('reports a key stored %i days ago as %s', async (days, status) => {
      const location: LocationConfig = { provider: 'aws', secretId: secretId() };
      await seed(location, validKey(), days);
      expect((await audit([location])).status).toBe(status);
    });

    it('reports ok with a file-vault replica holding the same key, drift when it differs', async () => {
      const primary: LocationConfig = { provider: 'aws', secretId: secretId(), field: 'apiKey' };
      const replica: LocationConfig = { provider: 'file', entry: `replica-${n}` };
      const key = validKey();
      await seed(primary, key, 1);
      await seed(replica, key, 1);
      expect((await audit([primary, replica])).status).toBe('ok');
      const other = validKey();
      await (await provider(replica)).writeCurrent(replica, other, fingerprintOf(key), daysAgo(0));
      const report = await audit([primary, replica]);
      expect(report.status).toBe('drift');
      expect(report.findings[0]?.location).toBe(`file:cativa-keys.vault.json#replica-${n}`);
    });

    it('reports rotation-pending for a staged key, and retire-overdue once the old key outlives the grace period', async () => {
      const location: LocationConfig = { provider: 'aws', secretId: secretId() };
      const old = validKey();
      const next = validKey();
      await seed(location, old, 40);
      const aws = await provider(location);
      await aws.stage(location, next, daysAgo(10));
      expect((await audit([location])).status).toBe('rotation-pending');
      await aws.promote(location, fingerprintOf(next), daysAgo(10));
      const report = await audit([location]);
      expect(report.status).toBe('retire-overdue');
      expect(Math.round(report.ageDays ?? -1)).toBe(10);
      sim.revokeKey(old);
      expect((await audit([location])).status).toBe('ok');
    });

    it('reports dead for a revoked key and unreachable for a secret scheduled for deletion', async () => {
      const revoked: LocationConfig = { provider: 'aws', secretId: secretId() };
      const key = validKey();
      await seed(revoked, key, 1);
      sim.revokeKey(key);
      expect((await audit([revoked])).status).toBe('dead');

      const deleted = { provider: 'aws' as const, secretId: secretId() };
      await seed(deleted, validKey(), 1);
      await client.deleteSecret({ SecretId: deleted.secretId, RecoveryWindowInDays: 7 });
      const report = await audit([deleted]);
      expect(report.status).toBe('unreachable');
      expect(report.findings[0]?.message).toContain(deleted.secretId);
    });
  },
);
