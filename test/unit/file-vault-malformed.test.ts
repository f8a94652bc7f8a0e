import { readFile, stat, writeFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCativaKeysError } from '../../src/errors.js';
import {
  createFileVaultBench,
  ctxAt,
  ENTRY,
  type FileVaultBench,
  leftoversIn,
  rawTestKey,
  testKey,
} from '../support/file-vault-bench.js';

const KEY_IN_FILE = rawTestKey(1);
const AT = '2025-03-01T10:00:00.000Z';

/** A valid file's text with `entry` as the one entry and `top` merged over the top level. */
function vaultText(entry: unknown, top: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: 'cativa-keys-file-vault',
    formatVersion: 1,
    entries: { 'hubspot-prod': entry },
    ...top,
  });
}

const validEntry = {
  version: 1,
  current: { value: KEY_IN_FILE, storedAt: AT },
  updatedAt: AT,
};

/** [what is wrong, file text, what the message must name besides the file]. */
const MALFORMED: ReadonlyArray<readonly [string, string, string]> = [
  ['not JSON', `{"format": "cativa-keys-file-vault", "entries": {"x": "${KEY_IN_FILE}"`, 'JSON'],
  ['an empty file', '', 'empty'],
  ['a field of the wrong type', vaultText({ ...validEntry, version: '1' }), 'hubspot-prod.version'],
  [
    'an unknown format version',
    vaultText(validEntry, { formatVersion: 2 }),
    'unsupported format version 2',
  ],
  [
    'a slot value that is not a string',
    vaultText({ ...validEntry, current: { value: 12345, storedAt: AT } }),
    'entries.hubspot-prod.current.value',
  ],
  [
    'a misspelt slot',
    vaultText({ ...validEntry, curent: validEntry.current }),
    'entries.hubspot-prod',
  ],
  [
    'a key value where a time belongs',
    vaultText({ ...validEntry, current: { value: KEY_IN_FILE, storedAt: KEY_IN_FILE } }),
    'entries.hubspot-prod.current.storedAt',
  ],
  ['another JSON file', JSON.stringify({ keys: [KEY_IN_FILE] }), 'format'],
  [
    'a reserved entry name',
    '{"format":"cativa-keys-file-vault","formatVersion":1,"entries":{"__proto__":{}}}',
    '__proto__',
  ],
];

describe('Provider: file', () => {
  let bench: FileVaultBench;
  beforeEach(async () => {
    bench = await createFileVaultBench();
  });
  afterEach(async () => bench.cleanup());

  describe('Loading a malformed file', () => {
    it.each(MALFORMED)(
      'refuses %s with a VaultError naming the file and the field',
      async (_what, text, names) => {
        await writeFile(bench.vaultPath, text, { mode: 0o600 });
        const error = await bench
          .vault()
          .read(ENTRY)
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        if (!isCativaKeysError(error)) throw new Error('read should fail with a VaultError');
        expect(error.name).toBe('VaultError');
        expect(error.code).toMatch(/^FILE_VAULT_(MALFORMED|UNSUPPORTED_VERSION)$/);
        expect(error.message).toContain(bench.vaultPath);
        expect(error.message).toContain(names);
        expect(`${error.message}\n${inspect(error, { depth: 10 })}`).not.toContain(KEY_IN_FILE);
      },
    );

    it.each(MALFORMED)('leaves %s byte-identical when asked to write', async (_what, text) => {
      await writeFile(bench.vaultPath, text, { mode: 0o640 });
      const before = await readFile(bench.vaultPath);
      const vault = bench.vault();
      const { secret, fingerprint } = testKey(2);
      const ctx = ctxAt(AT);
      const attempts = [
        () => vault.stage(ENTRY, secret, ctx),
        () => vault.writeCurrent(ENTRY, secret, undefined, ctx),
        () => vault.promote(ENTRY, fingerprint, ctx),
        () => vault.discardPending(ENTRY, fingerprint, ctx),
        () => vault.clearPrevious(ENTRY, fingerprint, ctx),
      ];
      for (const attempt of attempts) {
        await expect(attempt()).rejects.toMatchObject({ name: 'VaultError' });
      }
      expect((await readFile(bench.vaultPath)).equals(before)).toBe(true);
      expect((await stat(bench.vaultPath)).mode & 0o777).toBe(0o640);
      expect(await leftoversIn(bench.dir)).toEqual([]);
    });

    it('reports a failure per location in readMany and reads the other files', async () => {
      await writeFile(bench.vaultPath, 'not json', { mode: 0o600 });
      const vault = bench.vault();
      const good = { provider: 'file', entry: 'other', path: 'good.json' } as const;
      await vault.writeCurrent(good, testKey(3).secret, undefined, ctxAt(AT));
      const [bad, fine] = (await vault.readMany?.([ENTRY, good])) ?? [];
      expect(bad).toMatchObject({ error: { name: 'VaultError' } });
      expect(fine).toMatchObject({ current: { fingerprint: testKey(3).fingerprint } });
    });
  });
});
