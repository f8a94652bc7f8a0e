import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileLocation } from '../../providers/file/config.js';
import { createFileVault } from '../../providers/file/index.js';
import { fixedClock } from '../../src/clock.js';
import { describeProviderContract } from './provider-contract.js';

describeProviderContract<FileLocation>('file', async () => {
  const baseDir = await mkdtemp(join(tmpdir(), 'cativa-keys-contract-'));
  const provider = createFileVault(
    { path: 'vault.json' },
    { clock: fixedClock(new Date(Date.UTC(2025, 0, 1))), baseDir, env: {} },
  );
  let entries = 0;
  return {
    provider,
    primary: true,
    recordsWriteTime: true,
    // Alternate between the default file and a second one, so both path forms are exercised.
    location: () => {
      entries += 1;
      const entry = `contract-${entries}`;
      return entries % 2 === 0
        ? { provider: 'file', entry }
        : { provider: 'file', entry, path: 'nested/other.json' };
    },
    cleanup: () => rm(baseDir, { recursive: true, force: true }),
  };
});
