import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Where a secret's value may leave its wrapper: vault adapters (they write it), HTTP clients
 * (they send it), the simulator (it hands out keys like the Console) and the key-format check.
 * Anything else calling `reveal()` is a leak waiting to happen.
 */
const ALLOWED = [
  /^providers\/[a-z]+\//,
  /^src\/secret\.ts$/,
  /^src\/cativa\/(client|key-format|simulator[a-z-]*)\.ts$/,
  /^src\/alerts\/(channels|sanitize|slack-channel|webhook-channel|webhook-signature)\.ts$/,
];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('Source: Secret.reveal callers', () => {
  it('reveals secrets only in adapters and HTTP clients', async () => {
    const files = [
      ...(await sourceFiles(join(ROOT, 'src'))),
      ...(await sourceFiles(join(ROOT, 'providers'))),
    ];
    expect(files.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(join(ROOT, file), 'utf8');
      if (/\.reveal\(/.test(text) && !ALLOWED.some((re) => re.test(file))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
