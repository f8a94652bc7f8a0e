import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { Secret } from '../../src/secret.js';
import {
  createRotationBench,
  type EntryValues,
  expectNoSecrets,
  KEY_NAME,
  type RotationBench,
  TENANT,
} from '../support/rotation-bench.js';
import { runCrashingCli } from '../support/rotation-children.js';

/**
 * A rotation over three file-vault locations has four vault writes: stage (primary pending),
 * replica 1, replica 2, promote (primary). Each case kills `rotate` right after write N, checks
 * the design's invariant on the vault files, then lets another process finish the rotation.
 */
const STEPS = [
  { after: 1, step: 'stage', phase: 'staged', currents: ['old', 'old', 'old'] },
  { after: 2, step: 'replica 1', phase: 'promoting', currents: ['old', 'new', 'old'] },
  { after: 3, step: 'replica 2', phase: 'promoting', currents: ['old', 'new', 'new'] },
  {
    after: 4,
    step: 'primary promote',
    phase: 'promoted-awaiting-retire',
    currents: ['new', 'new', 'new'],
  },
] as const;

/** How the rotation is finished after the crash: each way a person might take. */
const FINISHERS = {
  resume: (bench: RotationBench) => bench.cli(['resume', KEY_NAME, '--yes']),
  rotate: (bench: RotationBench, key: string) =>
    bench.cli(['rotate', KEY_NAME, '--new-key-stdin', '--yes'], { stdin: key }),
} as const;

describe('Rotation: crash at every step boundary (SIGKILL), then resume', () => {
  let sim: CativaSimulator;
  let bench: RotationBench;

  beforeAll(async () => {
    sim = await startCativaSimulator();
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(async () => {
    bench = await createRotationBench({ sim });
  });
  afterEach(async () => {
    await bench?.close();
  });

  /** The invariant: every location holds a key valid when written; the new key is recoverable. */
  function expectInvariant(locations: EntryValues[], oldKey: string, newKey: string): void {
    for (const location of locations) {
      expect([oldKey, newKey]).toContain(location.current);
      const info = sim.keyInfo(new Secret(location.current ?? ''));
      expect(info).toMatchObject({ revoked: false, permission: true, tenant: TENANT });
    }
    const [primary] = locations;
    expect(primary?.pending === newKey || primary?.current === newKey).toBe(true);
  }

  for (const [i, s] of STEPS.entries()) {
    const finisher = i % 2 === 0 ? 'resume' : 'rotate';
    it(`keeps the invariant when killed after the ${s.step} write, and '${finisher}' completes`, async () => {
      const newKey = bench.createKey();
      const crashed = await runCrashingCli(
        s.after,
        ['rotate', KEY_NAME, '--new-key-stdin', '--yes', '--config', bench.configPath],
        { stdin: newKey, cwd: bench.dir },
      );
      expect(crashed.signal).toBe('SIGKILL');
      expect(crashed.stderr).toContain(`SIGKILL after write ${s.after}`);

      const atCrash = await bench.readLocations();
      expectInvariant(atCrash, bench.oldKey, newKey);
      const named = { old: bench.oldKey, new: newKey };
      expect(atCrash.map((l) => l.current)).toEqual(s.currents.map((c) => named[c]));

      const status = await bench.cli(['status', KEY_NAME, '--json']);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ phase: s.phase });

      const finished = await FINISHERS[finisher](bench, newKey);
      expect(finished.code, finished.stderr).toBe(0);
      const done = await bench.readLocations();
      expect(done.map((l) => l.current)).toEqual([newKey, newKey, newKey]);
      expect(done[0]).toMatchObject({ pending: undefined, previous: bench.oldKey });
      for (const r of [crashed, status, finished]) {
        expectNoSecrets(r.stdout + r.stderr, bench.canaries());
      }
    });
  }

  it('keeps the rotation complete when retire is killed after clearing previous', async () => {
    const newKey = bench.createKey();
    const rotated = await FINISHERS.rotate(bench, newKey);
    expect(rotated.code).toBe(0);
    bench.revoke(bench.oldKey);
    const crashed = await runCrashingCli(1, ['retire', KEY_NAME, '--config', bench.configPath], {
      cwd: bench.dir,
    });
    expect(crashed.signal).toBe('SIGKILL');
    const after = await bench.readLocations();
    expect(after.map((l) => l.current)).toEqual([newKey, newKey, newKey]);
    expect(after[0]?.previous).toBeUndefined();
    const again = await bench.cli(['retire', KEY_NAME, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ result: 'nothing-to-retire' });
    const status = await bench.cli(['status', KEY_NAME, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ phase: 'idle', drift: false });
  });
});
