import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileVault } from '../../providers/file/index.js';
import { createFileStore, type FileStore } from '../../providers/file/store.js';
import { fixedClock } from '../../src/clock.js';
import { formatFingerprint } from '../../src/secret.js';
import {
  createFileVaultBench,
  ctxAt,
  ENTRY,
  type FileVaultBench,
  rawTestKey,
  testKey,
} from '../support/file-vault-bench.js';

const T1 = '2025-03-01T10:00:00.000Z';
const T2 = '2025-03-02T10:00:00.000Z';
const T3 = '2025-03-03T10:00:00.000Z';
const T4 = '2025-03-04T10:00:00.000Z';
const T5 = '2025-03-05T10:00:00.000Z';

const fileJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));

describe('Provider: file', () => {
  let bench: FileVaultBench;
  beforeEach(async () => {
    bench = await createFileVaultBench();
  });
  afterEach(async () => bench.cleanup());

  describe('Method: describe', () => {
    it('labels a location with the path as configured and the entry', () => {
      const vault = bench.vault();
      expect(vault.describe(ENTRY)).toBe('file:vault.json#hubspot-prod');
      expect(vault.describe({ ...ENTRY, path: 'team/keys.json' })).toBe(
        'file:team/keys.json#hubspot-prod',
      );
    });
  });

  describe('Paths', () => {
    it('resolves relative paths against the config directory and uses absolute ones as they are', async () => {
      const vault = bench.vault();
      await vault.writeCurrent(
        { ...ENTRY, path: 'sub/v.json' },
        testKey(1).secret,
        undefined,
        ctxAt(T1),
      );
      const absolute = join(bench.dir, 'abs.json');
      await vault.writeCurrent(
        { ...ENTRY, path: absolute },
        testKey(2).secret,
        undefined,
        ctxAt(T1),
      );
      expect(Object.keys((await fileJson(join(bench.dir, 'sub/v.json'))).entries)).toEqual([
        'hubspot-prod',
      ]);
      expect(Object.keys((await fileJson(absolute)).entries)).toEqual(['hubspot-prod']);
    });

    it('refuses an entry name that a JSON object cannot hold', async () => {
      const bad = { provider: 'file', entry: '__proto__' } as const;
      await expect(bench.vault().read(bad)).rejects.toMatchObject({ code: 'FILE_VAULT_BAD_ENTRY' });
      await expect(
        bench.vault().writeCurrent(bad, testKey(1).secret, undefined, ctxAt(T1)),
      ).rejects.toMatchObject({ code: 'FILE_VAULT_BAD_ENTRY' });
    });
  });

  describe('Method: stage', () => {
    it('refuses a second key while one is pending, naming the pending fingerprint', async () => {
      const vault = bench.vault();
      await vault.stage(ENTRY, testKey(1).secret, ctxAt(T1));
      const error = await vault.stage(ENTRY, testKey(2).secret, ctxAt(T2)).catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'ConflictError', code: 'CONFLICT' });
      expect((error as Error).message).toContain(formatFingerprint(testKey(1).fingerprint));
      expect((error as Error).message).toContain('file:vault.json#hubspot-prod');
      expect((error as Error).message).not.toContain(rawTestKey(1));
      expect((error as Error).message).not.toContain(rawTestKey(2));
    });
  });

  describe('Age records', () => {
    it('keeps storedAt when a value is re-written, and dates a promoted key from its promotion', async () => {
      const vault = bench.vault();
      await vault.writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T1));
      await vault.writeCurrent(ENTRY, testKey(1).secret, testKey(1).fingerprint, ctxAt(T2));
      await vault.stage(ENTRY, testKey(2).secret, ctxAt(T2));
      await vault.stage(ENTRY, testKey(2).secret, ctxAt(T3));
      await vault.promote(ENTRY, testKey(2).fingerprint, ctxAt(T4));
      await vault.promote(ENTRY, testKey(2).fingerprint, ctxAt(T5));
      const snapshot = await vault.read(ENTRY);
      expect(snapshot.current?.storedAt).toEqual(new Date(T4));
      expect(snapshot.current?.storedAtEstimated).toBe(false);
      expect(snapshot.previous?.storedAt).toEqual(new Date(T1));
      expect(snapshot.promotedAt).toEqual(new Date(T4));
    });

    it('records each real write in the file: entry version, times, rotation id', async () => {
      const vault = bench.vault();
      await vault.writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T1, 'r1'));
      await vault.writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T2, 'r1'));
      await vault.stage(ENTRY, testKey(2).secret, ctxAt(T2, 'r2'));
      await vault.promote(ENTRY, testKey(2).fingerprint, ctxAt(T3, 'r2'));
      await vault.clearPrevious(ENTRY, testKey(1).fingerprint, ctxAt(T4, 'r2'));
      await vault.clearPrevious(ENTRY, testKey(1).fingerprint, ctxAt(T5, 'r2'));
      expect(await fileJson(bench.vaultPath)).toEqual({
        format: 'cativa-keys-file-vault',
        formatVersion: 1,
        entries: {
          'hubspot-prod': {
            version: 4,
            current: { value: rawTestKey(2), storedAt: T3, rotationId: 'r2' },
            promotedAt: T3,
            lastRetiredAt: T4,
            updatedAt: T4,
          },
        },
      });
    });
  });

  describe('Method: promote', () => {
    it('leaves a later rotation’s pending key alone when replayed', async () => {
      const vault = bench.vault();
      await vault.stage(ENTRY, testKey(1).secret, ctxAt(T1));
      await vault.promote(ENTRY, testKey(1).fingerprint, ctxAt(T2));
      await vault.stage(ENTRY, testKey(2).secret, ctxAt(T3));
      await vault.promote(ENTRY, testKey(1).fingerprint, ctxAt(T4));
      const snapshot = await vault.read(ENTRY);
      expect(snapshot.current?.fingerprint).toEqual(testKey(1).fingerprint);
      expect(snapshot.pending?.fingerprint).toEqual(testKey(2).fingerprint);
      expect(snapshot.promotedAt).toEqual(new Date(T2));
    });
  });

  describe('Method: readMany', () => {
    it('reads each distinct file once and keeps the order of the locations', async () => {
      const real = createFileStore();
      const reads: string[] = [];
      const counting: FileStore = {
        read: (file) => {
          reads.push(file.path);
          return real.read(file);
        },
        update: (file, change) => real.update(file, change),
      };
      const vault = bench.vault({ store: counting });
      const other = (entry: string) => ({ provider: 'file', entry, path: './other.json' }) as const;
      await vault.writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T1));
      await vault.writeCurrent(other('a'), testKey(2).secret, undefined, ctxAt(T1));
      await vault.writeCurrent(other('b'), testKey(3).secret, undefined, ctxAt(T1));
      const results = await vault.readMany?.([
        other('b'),
        ENTRY,
        other('missing'),
        { ...ENTRY, path: 'vault.json' },
        other('a'),
      ]);
      expect(reads.sort()).toEqual([join(bench.dir, 'other.json'), bench.vaultPath]);
      const sha = (i: number) => {
        const result = results?.[i];
        return result && 'current' in result ? result.current?.fingerprint.sha256 : 'failed';
      };
      expect([0, 1, 2, 3, 4].map(sha)).toEqual([
        testKey(3).fingerprint.sha256,
        testKey(1).fingerprint.sha256,
        undefined,
        testKey(1).fingerprint.sha256,
        testKey(2).fingerprint.sha256,
      ]);
    });
  });

  describe('Registry factory', () => {
    it('uses the default path from the settings when a location names none', async () => {
      const vault = createFileVault(
        { path: 'keys/default.json' },
        { clock: fixedClock(new Date(T1)), baseDir: bench.dir, env: {} },
      );
      await vault.writeCurrent(ENTRY, testKey(1).secret, undefined, ctxAt(T1));
      expect((await fileJson(join(bench.dir, 'keys/default.json'))).entries).toHaveProperty(
        'hubspot-prod',
      );
    });
  });
});
