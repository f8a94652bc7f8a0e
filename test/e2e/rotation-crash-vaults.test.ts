import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFileVault } from '../../providers/file/index.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { DAY_MS } from '../../src/clock.js';
import { Secret } from '../../src/secret.js';
import { runCli } from '../support/cli.js';
import { type DopplerServer, startDopplerServer } from '../support/doppler-server.js';
import { MOTO_REGION, motoClient, motoTestsEnabled, useMoto } from '../support/moto.js';
import { expectNoSecrets } from '../support/rotation-bench.js';
import { runCrashingCli } from '../support/rotation-children.js';

const KEY = 'Sync HubSpot prod';
const TENANT = 'Acme Robotics';

/**
 * The SIGKILL crash suite over three kinds of vault at once: an AWS Secrets Manager primary (moto),
 * a Doppler replica (the local server, through the real SDK) and a file-vault replica. The crash
 * runner counts writes to every vault: 1 stage (AWS), 2 Doppler replica, 3 file replica, 4 the
 * AWS promotion. Each case kills `rotate` right after write N, checks the design's invariant in
 * the vaults themselves, then lets `resume` or `rotate` finish.
 */
const STEPS = [
  { after: 1, step: 'AWS stage', currents: ['old', 'old', 'old'], finish: 'resume' },
  { after: 2, step: 'Doppler replica', currents: ['old', 'new', 'old'], finish: 'rotate' },
  { after: 3, step: 'file replica', currents: ['old', 'new', 'new'], finish: 'resume' },
  { after: 4, step: 'AWS promotion', currents: ['new', 'new', 'new'], finish: 'rotate' },
] as const;

describe.runIf(motoTestsEnabled())(
  'Rotation: SIGKILL at every write over AWS, Doppler and file',
  () => {
    const moto = useMoto();
    let sim: CativaSimulator;
    let doppler: DopplerServer;
    let aws: SecretsManager;
    const saved = new Map<string, string | undefined>();
    const canaries: string[] = [];
    let n = 0;

    beforeAll(async () => {
      sim = await startCativaSimulator();
      doppler = await startDopplerServer();
      aws = motoClient(moto().endpoint);
      // The CLI children inherit this environment: the SDK chain finds moto, Doppler its token.
      const env = {
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: MOTO_REGION,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: moto().endpoint,
        DOPPLER_TOKEN: doppler.token,
      };
      for (const [name, value] of Object.entries(env)) {
        saved.set(name, process.env[name]);
        process.env[name] = value;
      }
      canaries.push(doppler.token);
    });
    afterAll(async () => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await doppler?.close();
      await sim?.close();
    });

    /** A fresh key in fresh locations: an AWS secret, a Doppler config, a vault file. */
    async function scene() {
      n += 1;
      const dir = await mkdtemp(join(tmpdir(), 'ck-crash-vaults-'));
      const secretId = `crash-${process.pid}/hubspot-${n}`;
      const config = `prd${n}`;
      const old = sim.createKey({ tenant: TENANT });
      const oldKey = old.reveal(); // test code: seeds the vaults as a person first did
      canaries.push(oldKey);
      const storedAt = new Date(Date.now() - 80 * DAY_MS);
      await aws.createSecret({ Name: secretId, SecretString: oldKey });
      doppler.createConfig('backend', config);
      doppler.seed('backend', config, { CATIVA_API_KEY: oldKey }, storedAt);
      await seedFileVault(join(dir, 'vault.json'), {
        hubspot: { current: { secret: old, storedAt } },
      });
      const configPath = join(dir, 'cativa-keys.yaml');
      await writeFile(
        configPath,
        [
          'cativa:',
          `  baseUrl: ${sim.url}`,
          '  retries: 0',
          'providers:',
          '  file: { path: vault.json }',
          `  doppler: { baseUrl: '${doppler.url}', timeoutMs: 2000, retries: 1 }`,
          'keys:',
          `  - name: ${KEY}`,
          `    tenant: ${TENANT}`,
          '    locations:',
          `      - { provider: aws, secretId: ${secretId} }`,
          `      - { provider: doppler, project: backend, config: ${config}, name: CATIVA_API_KEY }`,
          '      - { provider: file, entry: hubspot }',
          '',
        ].join('\n'),
      );
      const label = async (stage: string) =>
        aws.getSecretValue({ SecretId: secretId, VersionStage: stage }).then(
          (r) => r.SecretString,
          () => undefined,
        );
      const read = async () => {
        const file = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8')) as {
          entries: Record<string, { current?: { value: string } }>;
        };
        return {
          currents: [
            await label('AWSCURRENT'),
            doppler.value('backend', config, 'CATIVA_API_KEY'),
            file.entries.hubspot?.current?.value,
          ],
          pending: await label('AWSPENDING'),
          previous: await label('AWSPREVIOUS'),
        };
      };
      const cli = (args: string[], stdin?: string) =>
        runCli([...args, '--config', configPath], { cwd: dir, ...(stdin ? { stdin } : {}) });
      return { dir, configPath, oldKey, read, cli };
    }

    for (const s of STEPS) {
      it(`keeps every vault on a valid key when killed after the ${s.step}; '${s.finish}' completes`, async () => {
        const sc = await scene();
        const newKey = sim.createKey({ tenant: TENANT }).reveal();
        canaries.push(newKey);
        const crashed = await runCrashingCli(
          s.after,
          ['rotate', KEY, '--new-key-stdin', '--yes', '--config', sc.configPath],
          { stdin: newKey, cwd: sc.dir },
        );
        expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
        expect(crashed.stderr).toContain(`SIGKILL after write ${s.after}`);

        // The invariant, read from the vaults: each holds a key that is valid, of the tenant.
        const atCrash = await sc.read();
        const named = { old: sc.oldKey, new: newKey };
        expect(atCrash.currents).toEqual(s.currents.map((c) => named[c]));
        for (const current of atCrash.currents) {
          expect(sim.keyInfo(new Secret(current ?? ''))).toMatchObject({
            revoked: false,
            tenant: TENANT,
          });
        }
        // The new key is recoverable: pending until the primary promoted it.
        expect(atCrash.pending === newKey || atCrash.currents[0] === newKey).toBe(true);

        const finished =
          s.finish === 'resume'
            ? await sc.cli(['resume', KEY, '--yes'])
            : await sc.cli(['rotate', KEY, '--new-key-stdin', '--yes'], newKey);
        expect(finished.code, finished.stderr).toBe(0);
        const done = await sc.read();
        expect(done.currents).toEqual([newKey, newKey, newKey]);
        expect(done.pending).toBeUndefined();
        expect(done.previous).toBe(sc.oldKey);
        for (const r of [crashed, finished]) expectNoSecrets(r.stdout + r.stderr, canaries);
        await rm(sc.dir, { recursive: true, force: true });
      });
    }
  },
);
