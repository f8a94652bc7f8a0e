import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onePasswordSettingsSchema } from '../../providers/onepassword/config.js';
import { classifySdkError } from '../../providers/onepassword/errors.js';
import {
  createOnePasswordVault,
  type OnePasswordLocation,
} from '../../providers/onepassword/index.js';
import type { VaultProvider } from '../../providers/types.js';
import { systemClock } from '../../src/clock.js';
import { testKey } from '../support/file-vault-bench.js';

/**
 * Opt-in: runs against a real 1Password account when both variables are set (see
 * docs/onepassword.md): a service account token, and the title or id of a vault it may write to.
 * It creates one item (about ten writes and twenty reads) and deletes it afterwards.
 */
const token = process.env.OP_SERVICE_ACCOUNT_TOKEN;
const vaultRef = process.env.CATIVA_KEYS_OP_TEST_VAULT;

describe.runIf(Boolean(token && vaultRef))('Provider: onepassword (live, opt-in)', () => {
  const title = `cativa-keys live test ${randomBytes(4).toString('hex')}`;
  const location: OnePasswordLocation = {
    provider: 'onepassword',
    vault: vaultRef ?? '',
    item: title,
    field: 'credential',
  };
  const ctx = (n: number) => ({ rotationId: `live-${n}`, at: new Date(Date.now() + n) });
  let provider: VaultProvider<OnePasswordLocation>;
  let client: import('@1password/sdk').Client;

  beforeAll(async () => {
    provider = createOnePasswordVault(onePasswordSettingsSchema.parse({}), {
      clock: systemClock,
      baseDir: process.cwd(),
      env: process.env,
    });
    const sdk = await import('@1password/sdk');
    client = await sdk.createClient({
      auth: token ?? '',
      integrationName: 'cativa-keys tests',
      integrationVersion: '0',
    });
  });

  afterAll(async () => {
    if (!client) return;
    const vaults = await client.vaults.list();
    const vault = vaults.find((v) => v.id === vaultRef || v.title === vaultRef);
    if (!vault) return;
    for (const item of await client.items.list(vault.id)) {
      if (item.title === title) await client.items.delete(vault.id, item.id);
    }
  });

  it('creates the item, stages, promotes, discards and retires through the real SDK', async () => {
    await provider.writeCurrent(location, testKey(1).secret, undefined, ctx(1));
    await provider.stage(location, testKey(2).secret, ctx(2));
    await provider.promote(location, testKey(2).fingerprint, ctx(3));
    await provider.stage(location, testKey(3).secret, ctx(4));
    await provider.discardPending(location, testKey(3).fingerprint, ctx(5));
    await provider.clearPrevious(location, testKey(1).fingerprint, ctx(6));
    const snapshot = await provider.read(location);
    expect(snapshot.current?.fingerprint).toEqual(testKey(2).fingerprint);
    expect(snapshot.current?.storedAt).toEqual(ctx(3).at);
    expect(snapshot.pending).toBeUndefined();
    expect(snapshot.previous).toBeUndefined();
  });

  it('keeps a field added by hand, and the SDK rejects a stale version with a conflict', async () => {
    const vault = (await client.vaults.list()).find(
      (v) => v.id === vaultRef || v.title === vaultRef,
    );
    const overview = (await client.items.list(vault?.id ?? '')).find((i) => i.title === title);
    const item = await client.items.get(vault?.id ?? '', overview?.id ?? '');
    await client.items.put({ ...item, notes: 'added by hand' });
    const stale = await client.items.put(item).catch((e: unknown) => e);
    expect(classifySdkError(stale)).toBe('conflict');
    await provider.stage(location, testKey(4).secret, ctx(7));
    const after = await client.items.get(item.vaultId, item.id);
    expect(after.notes).toBe('added by hand');
    const missing = await client.items
      .get(item.vaultId, 'aaaaaaaaaaaaaaaaaaaaaaaaaa')
      .catch((e: unknown) => e);
    expect(classifySdkError(missing)).toBe('not-found');
  });
});
