import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimFault } from '../../src/cativa/simulator-faults.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { ExitCode } from '../../src/errors.js';
import {
  createRotationBench,
  expectCurrentEverywhere,
  expectNoSecrets,
  KEY_NAME,
  type RotationBench,
  TENANT,
  useRotationBench,
} from '../support/rotation-bench.js';
import { type PtyStep, requireScript, runCliInPty } from '../support/rotation-pty.js';

interface FailureCase {
  readonly name: string;
  readonly exitCode: number;
  readonly message: RegExp;
  readonly key: (bench: RotationBench, sim: CativaSimulator) => string;
  readonly fault?: SimFault;
  /** Whether the key is left pending (all but a malformed key or the current one are staged first). */
  readonly staged: boolean;
}

const CASES: readonly FailureCase[] = [
  {
    name: 'a malformed key',
    exitCode: ExitCode.malformedKey,
    message: /not a Cativa key: the key has 43 characters.*nothing was staged/,
    key: (b) => b.createKey().slice(0, -1),
    staged: false,
  },
  {
    name: 'the current key',
    exitCode: ExitCode.sameKey,
    message: /is the key already current.*nothing was staged/,
    key: (b) => b.oldKey,
    staged: false,
  },
  {
    name: 'a key Cativa rejects (401)',
    exitCode: ExitCode.keyRejected,
    message: /rejected by Cativa \(401: mistyped, expired or revoked\) \(traceId [^)]+\)/,
    key: (b) => {
      const key = b.createKey();
      b.revoke(key);
      return key;
    },
    staged: true,
  },
  {
    name: 'a key without permission (403)',
    exitCode: ExitCode.keyForbidden,
    message: /lacks permission \(Cativa answered 403\)/,
    key: (b) => b.createKey({ permission: false }),
    staged: true,
  },
  {
    name: 'a key of another tenant',
    exitCode: ExitCode.wrongTenant,
    message: /belongs to tenant 'Initech', not the configured tenant 'Acme Robotics'/,
    key: (b) => b.createKey({ tenant: 'Initech', userId: undefined }),
    staged: true,
  },
  {
    name: 'a key of another user',
    exitCode: ExitCode.wrongUser,
    message: /belongs to another user than configured: user id is/,
    key: (b, sim) =>
      b.createKey({ userId: sim.createUser({ tenant: TENANT, role: 'integration' }).id }),
    staged: true,
  },
  {
    name: 'a key Cativa cannot validate (503 until the retries run out)',
    exitCode: ExitCode.cativaUnavailable,
    message: /Cativa could not validate .*503.* stays staged .*resume/,
    key: (b) => b.createKey(),
    fault: { kind: 'status', status: 503 },
    staged: true,
  },
  {
    name: 'a key Cativa cannot validate (no answer until the timeout)',
    exitCode: ExitCode.cativaUnavailable,
    message: /Cativa could not validate .* stays staged/,
    key: (b) => b.createKey(),
    fault: { kind: 'hang' },
    staged: true,
  },
];

describe('CLI: rotate stops on a bad new key and leaves current untouched', () => {
  const t = useRotationBench({ timeoutMs: 300, retries: 1 });

  for (const c of CASES) {
    it(`exits ${c.exitCode} for ${c.name}`, async () => {
      const key = c.key(t.bench, t.sim);
      if (c.fault) t.sim.failNext(c.fault, 10);
      const result = await t.bench.cli(['rotate', KEY_NAME, '--new-key-stdin', '--yes'], {
        stdin: `${key}\n`,
      });
      expect(result.code, result.stderr).toBe(c.exitCode);
      expect(result.stderr).toMatch(c.message);
      expect(result.stderr).toContain(`'${KEY_NAME}'`);
      expect(result.stdout).toBe('');
      await expectCurrentEverywhere(t.bench, t.bench.oldKey);
      const [primary] = await t.bench.readLocations();
      expect(primary?.pending).toBe(c.staged ? key : undefined);
      expect(primary?.previous).toBeUndefined();
      expectNoSecrets(result.stdout + result.stderr, t.bench.canaries());
    });
  }

  it('resumes a rotation left staged by an unavailable Cativa once it answers again', async () => {
    const key = t.bench.createKey();
    t.sim.failNext({ kind: 'status', status: 502 }, 10);
    const failed = await t.bench.cli(['rotate', KEY_NAME, '--new-key-env', 'NEW_KEY', '--yes'], {
      env: { NEW_KEY: key },
    });
    expect(failed.code).toBe(ExitCode.cativaUnavailable);
    t.sim.clearFaults();
    const resumed = await t.bench.cli(['resume', KEY_NAME, '--yes', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ result: 'promoted' });
    await expectCurrentEverywhere(t.bench, key);
  });

  it('keeps a rejected key pending for inspection until abort discards it', async () => {
    const key = t.bench.createKey({ permission: false });
    const staged = await t.bench.cli(['stage', KEY_NAME, '--new-key-stdin'], { stdin: key });
    expect(staged.code).toBe(ExitCode.keyForbidden);
    const status = await t.bench.cli(['status', KEY_NAME, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ phase: 'staged' });
    const noTty = await t.bench.cli(['abort', KEY_NAME]);
    expect(noTty.code).toBe(ExitCode.usage);
    expect(noTty.stderr).toMatch(/pass --yes/);
    const aborted = await t.bench.cli(['abort', KEY_NAME, '--yes', '--json']);
    expect(aborted.code).toBe(0);
    expect(JSON.parse(aborted.stdout)).toMatchObject({ result: 'aborted' });
    expect((await t.bench.readLocations())[0]?.pending).toBeUndefined();
    await expectCurrentEverywhere(t.bench, t.bench.oldKey);
  });

  it('fails at once, exit 2, without a terminal and without a key source', async () => {
    const result = await t.bench.cli(['rotate', KEY_NAME]);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toMatch(/no terminal to ask for the new key on: pass --new-key-stdin/);
    const noYes = await t.bench.cli(['rotate', KEY_NAME, '--new-key-stdin'], {
      stdin: t.bench.createKey(),
    });
    expect(noYes.code).toBe(ExitCode.usage);
    expect(noYes.stderr).toMatch(/pass --yes/);
    expect((await t.bench.readLocations())[0]?.pending).toBeUndefined();
  });
});

describe('CLI: rotate at a terminal', () => {
  let bench: RotationBench;

  beforeAll(async () => {
    requireScript();
    bench = await createRotationBench();
  });
  afterAll(async () => {
    await bench?.close();
  });

  const inPty = (steps: PtyStep[]) =>
    runCliInPty(['rotate', KEY_NAME], steps, {
      env: { CATIVA_KEYS_CONFIG: bench.configPath },
      cwd: bench.dir,
    });

  it('keeps the staged key when the person declines, then refuses a second rotation before any prompt', async () => {
    const key = bench.createKey();
    const declined = await inPty([
      { waitFor: 'New key for', send: `${key}\r` },
      { waitFor: /Promote cativa_live_/, send: 'n\r' },
    ]);
    expect(declined.code).toBe(ExitCode.cancelled);
    expect(declined.screen).toMatch(/promotion cancelled: the new key .* stays pending/);
    expect((await bench.readLocations())[0]?.pending).toBe(key);
    await expectCurrentEverywhere(bench, bench.oldKey);

    const second = await inPty([]);
    expect(second.code).toBe(ExitCode.conflict);
    expect(second.screen).toMatch(/another rotation of 'Sync HubSpot prod' is in progress/);
    expect(second.screen).not.toContain('New key for');
    expectNoSecrets(declined.screen + second.screen, bench.canaries());
  });
});
