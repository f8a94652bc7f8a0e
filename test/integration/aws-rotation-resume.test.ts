import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsLocation } from '../../providers/aws/config.js';
import { createAwsSecretsManagerProvider } from '../../providers/aws/index.js';
import { createFileVault } from '../../providers/file/index.js';
import type { BoundLocation, LocationConfig } from '../../providers/registry.js';
import type { VaultProvider } from '../../providers/types.js';
import { createCativaClient } from '../../src/cativa/client.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { systemClock } from '../../src/clock.js';
import { configSchema, managedKeys } from '../../src/config/schema.js';
import { createRotationEngine } from '../../src/rotation/engine.js';
import { fingerprintOf, type Secret } from '../../src/secret.js';
import { motoClient, motoTestsEnabled, useMoto } from '../support/moto.js';

const TENANT = 'Acme Robotics';
/** The AWS calls that change something; a crash is injected right after the n-th of them. */
const WRITES = new Set([
  'CreateSecretCommand',
  'PutSecretValueCommand',
  'TagResourceCommand',
  'UpdateSecretVersionStageCommand',
]);

/**
 * The rotation engine over an AWS primary and a file-vault replica, with the process "dying"
 * right after each AWS write of `stage` + `promote` (the write took effect, nothing after it
 * ran). In-process, unlike the SIGKILL crash suite, which drives file vaults through the CLI.
 */
describe.runIf(motoTestsEnabled())(
  'Rotation over AWS: stop after every AWS write, then resume',
  () => {
    const moto = useMoto();
    let sim: CativaSimulator;
    let dir: string;

    beforeAll(async () => {
      sim = await startCativaSimulator();
      dir = await mkdtemp(join(tmpdir(), 'ck-aws-resume-'));
    });
    afterAll(async () => {
      await sim?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** A fresh rotation target whose AWS client throws after its `crashAfter`-th write. */
    async function target(n: number, crashAfter: number) {
      const client = motoClient(moto().endpoint);
      let writes = 0;
      const crash = { armed: true };
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const out = await next(args);
          if (crash.armed && WRITES.has(context.commandName ?? '')) {
            writes += 1;
            if (writes === crashAfter) throw new Error(`simulated crash after write ${writes}`);
          }
          return out;
        },
        { step: 'initialize', name: 'crashAfterWrite' },
      );
      const deps = { clock: systemClock, baseDir: dir, env: {} };
      const aws = createAwsSecretsManagerProvider(
        { maxAttempts: 1, tagPrefix: 'cativa-keys:', concurrency: 2 },
        deps,
        { clientFor: () => client },
      );
      const file = createFileVault({ path: 'vault.json' }, deps);
      const primary: AwsLocation = { provider: 'aws', secretId: `resume-${process.pid}/key-${n}` };
      const replica = { provider: 'file' as const, entry: `replica-${n}` };
      const config = configSchema.parse({
        keys: [{ name: `Key ${n}`, tenant: TENANT, locations: [primary, replica] }],
      });
      const [key] = managedKeys(config);
      if (!key) throw new Error('no key');
      const bind = (location: LocationConfig, provider: VaultProvider<never>): BoundLocation => ({
        location,
        provider: provider as unknown as VaultProvider<LocationConfig>,
        label: (provider as VaultProvider<LocationConfig>).describe(location),
      });
      const locations = [
        bind(primary, aws as VaultProvider<never>),
        bind(replica, file as VaultProvider<never>),
      ];
      return { target: { key, locations }, crash, aws, primary };
    }

    const engine = () =>
      createRotationEngine({
        cativa: createCativaClient({ baseUrl: sim.url, retries: 0 }),
        clock: systemClock,
      });

    async function currents(t: Awaited<ReturnType<typeof target>>) {
      const snaps = await Promise.all(t.target.locations.map((l) => l.provider.read(l.location)));
      return snaps.map((s) => s.current?.fingerprint.sha256);
    }

    it('keeps every location on a valid key and the new key recoverable, and resume finishes', async () => {
      const old = sim.createKey({ tenant: TENANT });
      // 6 AWS writes in all: seeding (1), stage (2), promote at the primary (3).
      for (let crashAfter = 2; crashAfter <= 6; crashAfter += 1) {
        const t = await target(crashAfter, crashAfter);
        for (const l of t.target.locations) {
          await l.provider.writeCurrent(l.location, old, undefined, {
            rotationId: 'seed',
            at: new Date(),
          });
        }
        const next: Secret = sim.createKey({ tenant: TENANT });
        const run = async () => {
          await engine().stage(t.target, next);
          await engine().promote(t.target);
        };
        await expect(run(), `crash after write ${crashAfter}`).rejects.toThrow();

        const fp = (s: Secret) => fingerprintOf(s).sha256;
        for (const c of await currents(t)) expect([fp(old), fp(next)]).toContain(c);
        const primary = await t.aws.read(t.primary);
        const recoverable =
          primary.pending?.fingerprint.sha256 === fp(next) ||
          primary.current?.fingerprint.sha256 === fp(next);
        // Before the stage's value write, the new key is still only in the person's hands.
        expect(recoverable, `new key recoverable after write ${crashAfter}`).toBe(crashAfter > 2);

        t.crash.armed = false;
        if (!recoverable) await engine().stage(t.target, next);
        await engine().resume(t.target);
        expect(await currents(t)).toEqual([fp(next), fp(next)]);
        const done = await t.aws.read(t.primary);
        expect(done.pending).toBeUndefined();
        expect(done.previous?.fingerprint.sha256).toBe(fp(old));
      }
    });
  },
);
