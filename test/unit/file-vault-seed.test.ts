import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedFileVault } from '../../providers/file/seed.js';
import { DAY_MS } from '../../src/clock.js';
import {
  createFileVaultBench,
  ctxAt,
  ENTRY,
  type FileVaultBench,
  testKey,
} from '../support/file-vault-bench.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

describe('Provider: file', () => {
  let bench: FileVaultBench;
  beforeEach(async () => {
    bench = await createFileVaultBench();
  });
  afterEach(async () => bench.cleanup());

  describe('Function: seedFileVault', () => {
    it('creates a vault with a 100-day-old key that the provider reads back', async () => {
      await seedFileVault(bench.vaultPath, {
        'hubspot-prod': { current: { secret: testKey(1).secret, storedAt: daysAgo(100) } },
      });
      const snapshot = await bench.vault().read(ENTRY);
      expect(snapshot.current?.fingerprint).toEqual(testKey(1).fingerprint);
      expect(snapshot.current?.storedAt).toEqual(daysAgo(100));
      expect(snapshot.current?.storedAtEstimated).toBe(false);
      expect(snapshot.promotedAt).toBeUndefined();
    });

    it('seeds every slot and record, and the provider carries on from there', async () => {
      await seedFileVault(
        bench.vaultPath,
        {
          'hubspot-prod': {
            current: { secret: testKey(2).secret, storedAt: daysAgo(10) },
            previous: { secret: testKey(1).secret, storedAt: daysAgo(100) },
            pending: { secret: testKey(3).secret, storedAt: daysAgo(1), rotationId: 'r3' },
            promotedAt: daysAgo(10),
          },
        },
        { at: NOW },
      );
      const vault = bench.vault();
      const before = await vault.read(ENTRY);
      expect(before.previous?.storedAt).toEqual(daysAgo(100));
      expect(before.pending?.storedAt).toEqual(daysAgo(1));
      expect(before.promotedAt).toEqual(daysAgo(10));
      await vault.promote(ENTRY, testKey(3).fingerprint, ctxAt(NOW.toISOString()));
      const after = await vault.read(ENTRY);
      expect(after.previous?.fingerprint).toEqual(testKey(2).fingerprint);
      expect(after.current?.storedAt).toEqual(NOW);
    });

    it('replaces the named entries, bumping their version, and keeps the others', async () => {
      await seedFileVault(bench.vaultPath, {
        a: { current: { secret: testKey(1).secret, storedAt: daysAgo(5) } },
        b: { current: { secret: testKey(2).secret, storedAt: daysAgo(5) } },
      });
      await seedFileVault(bench.vaultPath, {
        a: { current: { secret: testKey(3).secret, storedAt: daysAgo(1) } },
      });
      const file = JSON.parse(await readFile(bench.vaultPath, 'utf8'));
      expect(file.entries.a.version).toBe(2);
      expect(file.entries.a.updatedAt).toBe(daysAgo(1).toISOString());
      expect(file.entries.b.version).toBe(1);
      const b = await bench.vault().read({ provider: 'file', entry: 'b' });
      expect(b.current?.fingerprint).toEqual(testKey(2).fingerprint);
    });

    it('refuses an invalid entry name and writes nothing', async () => {
      await expect(seedFileVault(bench.vaultPath, { 'no spaces': {} })).rejects.toMatchObject({
        name: 'VaultError',
        code: 'FILE_VAULT_BAD_ENTRY',
      });
      await expect(readFile(bench.vaultPath)).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
