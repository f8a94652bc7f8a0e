import { chmod, lstat, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AtomicWriteStep } from '../../providers/file/atomic-write.js';
import { createFileStore } from '../../providers/file/store.js';
import {
  createFileVaultBench,
  ctxAt,
  ENTRY,
  type FileVaultBench,
  leftoversIn,
  testKey,
} from '../support/file-vault-bench.js';

const T1 = '2025-03-01T10:00:00.000Z';
const T2 = '2025-03-02T10:00:00.000Z';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('Provider: file', () => {
  let bench: FileVaultBench;
  beforeEach(async () => {
    bench = await createFileVaultBench();
  });
  afterEach(async () => bench.cleanup());

  describe('File permissions', () => {
    it('creates the file with mode 0600 and keeps it there on every write', async () => {
      const vault = bench.vault();
      await vault.writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T1));
      expect(await modeOf(bench.vaultPath)).toBe(0o600);
      await vault.stage(ENTRY, testKey(2).secret, ctxAt(T2));
      await vault.promote(ENTRY, testKey(2).fingerprint, ctxAt(T2));
      expect(await modeOf(bench.vaultPath)).toBe(0o600);
    });

    it('creates missing directories, owner-only', async () => {
      const location = { ...ENTRY, path: 'a/b/vault.json' };
      await bench.vault().writeCurrent(location, testKey(1).secret, undefined, ctxAt(T1));
      expect(await modeOf(join(bench.dir, 'a/b/vault.json'))).toBe(0o600);
      expect(await modeOf(join(bench.dir, 'a/b'))).toBe(0o700);
    });

    it('keeps working with a file that has looser permissions, and writes it back as 0600', async () => {
      const vault = bench.vault();
      await vault.writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T1));
      await chmod(bench.vaultPath, 0o644);
      expect((await vault.read(ENTRY)).current?.fingerprint).toEqual(testKey(1).fingerprint);
      expect(await modeOf(bench.vaultPath)).toBe(0o644);
      await vault.stage(ENTRY, testKey(2).secret, ctxAt(T2));
      expect(await modeOf(bench.vaultPath)).toBe(0o600);
    });
  });

  describe('Method: read', () => {
    it('reads a missing file as an empty vault and does not create it', async () => {
      const snapshot = await bench.vault().read(ENTRY);
      expect(snapshot).toEqual({
        current: undefined,
        pending: undefined,
        previous: undefined,
        promotedAt: undefined,
      });
      await expect(stat(bench.vaultPath)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('ignores temp files that a crashed writer left, and a write removes them', async () => {
      const vault = bench.vault();
      await vault.writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T1));
      await writeFile(join(bench.dir, '.vault.json.4242-0a0b0c.tmp'), '{"format": "cativa-ke');
      await writeFile(join(bench.dir, '.vault.json.4243-0d0e0f.tmp'), '');
      await writeFile(join(bench.dir, '.other.json.4242-0a0b0c.tmp'), 'not ours');
      expect((await vault.read(ENTRY)).current?.fingerprint).toEqual(testKey(1).fingerprint);
      await vault.stage(ENTRY, testKey(2).secret, ctxAt(T2));
      expect(await leftoversIn(bench.dir)).toEqual(['.other.json.4242-0a0b0c.tmp']);
    });
  });

  describe('Symbolic links', () => {
    it('writes through a link to the file it points at', async () => {
      await mkdir(join(bench.dir, 'real'));
      const target = join(bench.dir, 'real/vault.json');
      await symlink(target, bench.vaultPath);
      await bench.vault().writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T1));
      await bench.vault().stage(ENTRY, testKey(2).secret, ctxAt(T2));
      expect((await stat(target)).isFile()).toBe(true);
      expect((await lstat(bench.vaultPath)).isSymbolicLink()).toBe(true);
      const snapshot = await bench.vault().read(ENTRY);
      expect(snapshot.current?.fingerprint).toEqual(testKey(1).fingerprint);
      expect(snapshot.pending?.fingerprint).toEqual(testKey(2).fingerprint);
    });
  });

  describe('Atomic write', () => {
    /** Steps before which a failure must leave the old content, then the ones after the rename. */
    const BEFORE_RENAME: AtomicWriteStep[] = [
      'open-temp',
      'write-temp',
      'fsync-temp',
      'close-temp',
      'rename',
    ];
    const AFTER_RENAME: AtomicWriteStep[] = ['fsync-dir', 'done'];

    /** A vault whose writes fail before `failAt`, after writing half a file when it is `write-temp`. */
    const failingVault = (failAt: AtomicWriteStep) =>
      bench.vault({
        store: createFileStore({
          async onWriteStep(step, { tempPath }) {
            if (step !== failAt) return;
            if (step === 'write-temp') await writeFile(tempPath, '{"format": "cativa-keys-f');
            throw new Error(`injected failure before ${step}`);
          },
        }),
      });

    /** Old content: key 1 current. New content (the stage under test): key 2 pending. */
    const prepare = async () => {
      await bench.vault().writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T1));
      return readFile(bench.vaultPath);
    };

    it.each(BEFORE_RENAME)('leaves the old content when a write fails before %s', async (step) => {
      const old = await prepare();
      const write = failingVault(step).stage(ENTRY, testKey(2).secret, ctxAt(T2));
      await expect(write).rejects.toMatchObject({
        name: 'VaultError',
        code: 'FILE_VAULT_WRITE_FAILED',
        cause: { message: `injected failure before ${step}` },
      });
      expect((await readFile(bench.vaultPath)).equals(old)).toBe(true);
      expect(await leftoversIn(bench.dir)).toEqual([]);
      // The lock was released: a healthy write goes through at once.
      await bench.vault().stage(ENTRY, testKey(2).secret, ctxAt(T2));
      expect((await bench.vault().read(ENTRY)).pending?.fingerprint).toEqual(
        testKey(2).fingerprint,
      );
    });

    it.each(AFTER_RENAME)('has the new content when a write fails before %s', async (step) => {
      await prepare();
      const write = failingVault(step).stage(ENTRY, testKey(2).secret, ctxAt(T2));
      await expect(write).rejects.toMatchObject({ name: 'VaultError' });
      const snapshot = await bench.vault().read(ENTRY);
      expect(snapshot.pending?.fingerprint).toEqual(testKey(2).fingerprint);
      expect(snapshot.current?.fingerprint).toEqual(testKey(1).fingerprint);
      expect(await leftoversIn(bench.dir)).toEqual([]);
      expect(await modeOf(bench.vaultPath)).toBe(0o600);
    });
  });
});
