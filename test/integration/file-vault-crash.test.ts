import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AtomicWriteStep } from '../../providers/file/atomic-write.js';
import { createFileStore } from '../../providers/file/store.js';
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

const T1 = '2025-03-01T10:00:00.000Z';

/** Each step a writer may die before, and which content the file must then hold. */
const CRASH_POINTS: ReadonlyArray<readonly [AtomicWriteStep, 'old' | 'new']> = [
  ['open-temp', 'old'],
  ['write-temp', 'old'],
  ['fsync-temp', 'old'],
  ['close-temp', 'old'],
  ['rename', 'old'],
  ['fsync-dir', 'new'],
  ['done', 'new'],
];

/** Runs the crash writer: it stages key 2 at ENTRY and SIGKILLs itself before `step`. */
async function crashWriter(vaultPath: string, step: AtomicWriteStep) {
  const child = startLineChild(supportScript('crash-writer.mjs'), {
    CATIVA_TEST_VAULT: vaultPath,
    CATIVA_TEST_ENTRY: ENTRY.entry,
    CATIVA_TEST_KEY: rawTestKey(2),
    CATIVA_TEST_CRASH_AT: step,
  });
  return child.exited;
}

describe('Provider: file', () => {
  let bench: FileVaultBench;
  beforeAll(() => requireBuiltFileVault());
  beforeEach(async () => {
    bench = await createFileVaultBench();
  });
  afterEach(async () => bench.cleanup());

  describe('Crash safety (a real process killed with SIGKILL)', () => {
    it.each(CRASH_POINTS)(
      'leaves whole content when the writer dies before %s (%s content)',
      async (step, expected) => {
        await bench.vault().writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T1));
        const old = await readFile(bench.vaultPath);

        const exit = await crashWriter(bench.vaultPath, step);
        expect(exit.signal, exit.stderr).toBe('SIGKILL');

        const snapshot = await bench.vault().read(ENTRY);
        expect(snapshot.current?.fingerprint).toEqual(testKey(1).fingerprint);
        if (expected === 'old') {
          expect((await readFile(bench.vaultPath)).equals(old)).toBe(true);
          expect(snapshot.pending).toBeUndefined();
        } else {
          expect(snapshot.pending?.fingerprint).toEqual(testKey(2).fingerprint);
        }
        expect((await stat(bench.vaultPath)).mode & 0o777).toBe(0o600);
        // The writer died holding the lock: its lock directory is still there.
        expect(await leftoversIn(bench.dir)).toContain('vault.json.lock');
      },
    );

    it('takes over the lock of a killed writer once stale, and cleans up its temp file', async () => {
      await bench.vault().writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T1));
      const exit = await crashWriter(bench.vaultPath, 'rename');
      expect(exit.signal, exit.stderr).toBe('SIGKILL');
      const left = await leftoversIn(bench.dir);
      expect(left.filter((name) => name.endsWith('.tmp'))).toHaveLength(1);

      const store = createFileStore({ lock: { staleMs: 2_000, maxWaitMs: 10_000 } });
      await bench.vault({ store }).stage(ENTRY, testKey(3).secret, ctxAt(T1));
      expect((await bench.vault().read(ENTRY)).pending?.fingerprint).toEqual(
        testKey(3).fingerprint,
      );
      expect(await leftoversIn(bench.dir)).toEqual([]);
    });

    it('always leaves a whole file when a writer in a loop is killed at an arbitrary moment', async () => {
      for (let round = 1; round <= 5; round += 1) {
        const vaultPath = join(bench.dir, `round-${round}.json`);
        const child = startLineChild(supportScript('crash-loop-writer.mjs'), {
          CATIVA_TEST_VAULT: vaultPath,
          CATIVA_TEST_ENTRY: ENTRY.entry,
        });
        // Let it complete a few writes (more each round), then kill it wherever it is.
        for (let seen = 0; seen < round * 3; seen += 1) await child.nextLine();
        child.kill('SIGKILL');
        const exit = await child.exited;
        expect(exit.signal, exit.stderr).toBe('SIGKILL');
        const printed = child.drain().map(Number);
        const last = printed.length > 0 ? Math.max(...printed) : round * 3;

        const snapshot = await bench.vault().read({ ...ENTRY, path: vaultPath });
        // The last reported write, or the one after it if it renamed before the kill.
        expect([testKey(last).fingerprint, testKey(last + 1).fingerprint]).toContainEqual(
          snapshot.current?.fingerprint,
        );
        expect((await stat(vaultPath)).mode & 0o777).toBe(0o600);
      }
    });
  });
});
