import { readFile } from 'node:fs/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatFingerprint } from '../../src/secret.js';
import {
  createFileVaultBench,
  ctxAt,
  ENTRY,
  type FileVaultBench,
  leftoversIn,
  rawTestKey,
  testKey,
} from '../support/file-vault-bench.js';
import {
  requireBuiltFileVault,
  startLineChild,
  supportScript,
} from '../support/file-vault-children.js';

/** Processes racing per round, and rounds. */
const RACERS = 4;
const ROUNDS = 3;
/** How long each stager holds the lock between deciding and writing; widens the race window. */
const HOLD_MS = '150';

interface Outcome {
  readonly outcome: 'staged' | 'failed';
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
}

/** Starts one stager per key, releases them together, and returns each one's outcome. */
async function race(vaultPath: string, keys: readonly number[]): Promise<Outcome[]> {
  const children = keys.map((n) =>
    startLineChild(supportScript('file-vault-stager.mjs'), {
      CATIVA_TEST_VAULT: vaultPath,
      CATIVA_TEST_ENTRY: ENTRY.entry,
      CATIVA_TEST_KEY: rawTestKey(n),
      CATIVA_TEST_HOLD_MS: HOLD_MS,
    }),
  );
  // Every process has loaded the vault code before any is told to go.
  for (const child of children) expect(await child.nextLine()).toBe('ready');
  for (const child of children) child.send('go');
  const outcomes = await Promise.all(children.map(async (c) => JSON.parse(await c.nextLine())));
  for (const child of children) expect((await child.exited).code).toBe(0);
  return outcomes as Outcome[];
}

describe('Provider: file', () => {
  let bench: FileVaultBench;
  beforeAll(() => requireBuiltFileVault());
  beforeEach(async () => {
    bench = await createFileVaultBench();
  });
  afterEach(async () => bench.cleanup());

  describe('Method: stage', () => {
    it('lets exactly one of several processes staging at once win; the others get a conflict', async () => {
      for (let round = 0; round < ROUNDS; round += 1) {
        const entry = { ...ENTRY, path: `round-${round}.json` };
        const vaultPath = `${bench.dir}/round-${round}.json`;
        await bench
          .vault()
          .writeCurrent(entry, testKey(100).secret, undefined, ctxAt('2025-01-01T00:00:00Z'));
        const keys = Array.from({ length: RACERS }, (_, i) => 10 * (round + 1) + i);

        const outcomes = await race(vaultPath, keys);

        const winners = keys.filter((_, i) => outcomes[i]?.outcome === 'staged');
        expect(winners).toHaveLength(1);
        const winner = testKey(winners[0] ?? -1);
        for (const [i, outcome] of outcomes.entries()) {
          if (keys[i] === winners[0]) continue;
          expect(outcome).toMatchObject({
            outcome: 'failed',
            name: 'ConflictError',
            code: 'CONFLICT',
          });
          expect(outcome.message).toContain(formatFingerprint(winner.fingerprint));
        }
        const everything = `${JSON.stringify(outcomes)}`;
        for (const n of keys) expect(everything.includes(rawTestKey(n))).toBe(false);

        const snapshot = await bench.vault().read(entry);
        expect(snapshot.pending?.fingerprint).toEqual(winner.fingerprint);
        expect(snapshot.current?.fingerprint).toEqual(testKey(100).fingerprint);
        // One write for the seed, one for the single successful stage.
        const file = JSON.parse(await readFile(vaultPath, 'utf8'));
        expect(file.entries[ENTRY.entry].version).toBe(2);
      }
      expect(await leftoversIn(bench.dir)).toEqual([]);
    });
  });
});
