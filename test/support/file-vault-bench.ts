import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileLocation } from '../../providers/file/config.js';
import { createFileVault, type FileVaultOptions } from '../../providers/file/index.js';
import type { VaultProvider, WriteContext } from '../../providers/types.js';
import { fixedClock } from '../../src/clock.js';
import { type Fingerprint, fingerprintOf, Secret } from '../../src/secret.js';

/** A temp directory per test, removed by {@link FileVaultBench.cleanup}. */
export interface FileVaultBench {
  readonly dir: string;
  /** `dir/vault.json`: the default file of {@link FileVaultBench.vault}. */
  readonly vaultPath: string;
  /** A file vault whose default file is `vault.json` in `dir`. */
  vault(options?: FileVaultOptions): VaultProvider<FileLocation>;
  cleanup(): Promise<void>;
}

export async function createFileVaultBench(): Promise<FileVaultBench> {
  const dir = await mkdtemp(join(tmpdir(), 'cativa-keys-file-vault-'));
  return {
    dir,
    vaultPath: join(dir, 'vault.json'),
    vault: (options) =>
      createFileVault(
        { path: 'vault.json' },
        { clock: fixedClock(new Date(0)), baseDir: dir, env: {} },
        options,
      ),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The entry most tests use. */
export const ENTRY: FileLocation = { provider: 'file', entry: 'hubspot-prod' };

/** Raw value of the test key number `n`: deterministic, so child processes can compute it too. */
export function rawTestKey(n: number): string {
  return `cativa_live_${createHash('md5').update(`test-key-${n}`).digest('hex')}`;
}

/** Test key number `n` and its fingerprint. */
export function testKey(n: number): { secret: Secret; fingerprint: Fingerprint } {
  const secret = new Secret(rawTestKey(n));
  return { secret, fingerprint: fingerprintOf(secret) };
}

/** A write context at `iso`. */
export function ctxAt(iso: string, rotationId = 'test-rotation'): WriteContext {
  return { rotationId, at: new Date(iso) };
}

/** Names in `dir` that look like a vault file's temp files or lock. */
export async function leftoversIn(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((name) => name.endsWith('.tmp') || name.endsWith('.lock')).sort();
}
