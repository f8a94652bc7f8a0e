import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRotationBench,
  expectNoSecrets,
  KEY_NAME,
  type RotationBench,
} from '../support/rotation-bench.js';

describe('CLI: rotate, then retire', () => {
  let bench: RotationBench;

  beforeAll(async () => {
    bench = await createRotationBench();
  });
  afterAll(async () => {
    await bench?.close();
  });

  it('promotes a piped key to every location, then retires the old key once revoked', async () => {
    const newKey = bench.createKey({ name: `${KEY_NAME} 2026-12` });
    const rotated = await bench.cli(['rotate', KEY_NAME, '--new-key-stdin', '--yes'], {
      stdin: `${newKey}\n`,
    });
    expect(rotated.stderr).toContain('staged');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('revoke the old key');
    const after = await bench.readLocations();
    expect(after.map((l) => l.current)).toEqual([newKey, newKey, newKey]);
    expect(after[0]).toMatchObject({ pending: undefined, previous: bench.oldKey });

    const early = await bench.cli(['retire', KEY_NAME]);
    expect(early.code).toBe(16);
    expect(early.stderr).toMatch(/still answers 200 .*after the promotion/);

    bench.revoke(bench.oldKey);
    const retired = await bench.cli(['retire', KEY_NAME, '--json']);
    expect(retired.code).toBe(0);
    expect(JSON.parse(retired.stdout)).toMatchObject({ result: 'retired' });
    expect((await bench.readLocations())[0]?.previous).toBeUndefined();
    for (const r of [rotated, early, retired])
      expectNoSecrets(r.stdout + r.stderr, bench.canaries());
  });
});
