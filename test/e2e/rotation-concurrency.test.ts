import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { fingerprintOf, Secret } from '../../src/secret.js';
import {
  createRotationBench,
  expectCurrentEverywhere,
  expectNoSecrets,
  KEY_NAME,
  type RotationBench,
} from '../support/rotation-bench.js';

describe('CLI: two rotations of the same key at once', () => {
  let bench: RotationBench;

  beforeAll(async () => {
    bench = await createRotationBench();
  });
  afterAll(async () => {
    await bench?.close();
  });

  it('lets exactly one promote; the other is refused naming the pending fingerprint', async () => {
    const keys = [bench.createKey(), bench.createKey()];
    // Slow validation keeps the winner's key pending while the loser tries to stage.
    bench.sim.setLatency(700);
    const runs = await Promise.all(
      keys.map((key) =>
        bench.cli(['rotate', KEY_NAME, '--new-key-stdin', '--yes', '--json'], { stdin: key }),
      ),
    );
    bench.sim.setLatency(0);
    const codes = runs.map((r) => r.code).sort();
    expect(codes).toEqual([ExitCode.ok, ExitCode.conflict]);
    const winner = runs.findIndex((r) => r.code === ExitCode.ok);
    const loser = runs[1 - winner];
    const winnerKey = keys[winner] as string;
    const pending = fingerprintOf(new Secret(winnerKey));
    expect(loser?.stderr).toMatch(/another rotation of 'Sync HubSpot prod' is in progress/);
    expect(loser?.stderr).toContain(`sha256:${pending.sha256}`);
    expect(loser?.stderr).toMatch(/your new key cativa_live_…[0-9a-f]{4} was NOT staged/);
    expect(loser?.stdout).toBe('');
    expect(JSON.parse(runs[winner]?.stdout ?? '')).toMatchObject({ result: 'promoted' });
    await expectCurrentEverywhere(bench, winnerKey);
    const [primary] = await bench.readLocations();
    expect(primary).toMatchObject({ pending: undefined, previous: bench.oldKey });
    for (const r of runs) expectNoSecrets(r.stdout + r.stderr, bench.canaries());
  });
});
