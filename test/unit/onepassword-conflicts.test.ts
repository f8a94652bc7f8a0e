import { describe, expect, it } from 'vitest';
import { CONCEALED, TEXT } from '../../providers/onepassword/port.js';
import { testKey } from '../support/file-vault-bench.js';
import { createOnePasswordBench } from '../support/onepassword-fake-bench.js';
import { SDK_MESSAGES, sdkError } from '../support/onepassword-fake-errors.js';

const ctx = (n: number) => ({ rotationId: `r-${n}`, at: new Date(Date.UTC(2025, 1, n)) });

/** A bench whose item `Cativa HubSpot` holds key 1 in `credential`. */
async function seeded() {
  const bench = createOnePasswordBench();
  const location = bench.location('Cativa HubSpot');
  await bench.provider.writeCurrent(location, testKey(1).secret, undefined, ctx(1));
  const [item] = bench.fake.items(bench.vault.id);
  if (!item) throw new Error('the item was not created');
  return { bench, location, itemId: item.id };
}

describe('Provider: onepassword concurrent changes', () => {
  it('re-reads after a version conflict and keeps the concurrent edit', async () => {
    const { bench, location, itemId } = await seeded();
    // A person adds a field between the provider's read and its put.
    bench.fake.beforeNext('items.put', () => {
      bench.fake.edit(bench.vault.id, itemId, (draft) => {
        draft.fields.push({ id: 'added', title: 'added by hand', fieldType: TEXT, value: 'hi' });
      });
    });
    await bench.provider.stage(location, testKey(2).secret, ctx(2));
    const item = bench.fake.item(bench.vault.id, itemId);
    expect(item.fields.find((f) => f.id === 'added')?.value).toBe('hi');
    expect((await bench.provider.read(location)).pending?.fingerprint).toEqual(
      testKey(2).fingerprint,
    );
    expect(bench.fake.calls.filter((c) => c === 'items.put')).toHaveLength(2);
  });

  it('re-checks after a version conflict: a key staged meanwhile wins, ours is refused', async () => {
    const { bench, location } = await seeded();
    const rival = bench.rival();
    // Another process stages its key between our read and our put.
    bench.fake.beforeNext('items.put', () => rival.stage(location, testKey(3).secret, ctx(3)));
    const error = await bench.provider
      .stage(location, testKey(2).secret, ctx(2))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConflictError' });
    expect((error as Error).message).toContain(testKey(3).fingerprint.sha256);
    expect((await bench.provider.read(location)).pending?.fingerprint).toEqual(
      testKey(3).fingerprint,
    );
  });

  it('succeeds without writing when a conflicting put had in fact already landed', async () => {
    const { bench, location, itemId } = await seeded();
    bench.fake.beforeNext('items.put', () => {
      bench.fake.edit(bench.vault.id, itemId, (draft) => {
        draft.fields.push({ id: 'x', title: 'x', fieldType: CONCEALED, value: '' });
      });
    });
    await bench.provider.writeCurrent(location, testKey(2).secret, testKey(1).fingerprint, ctx(2));
    const before = bench.fake.item(bench.vault.id, itemId);
    await bench.provider.writeCurrent(location, testKey(2).secret, testKey(1).fingerprint, ctx(3));
    expect(bench.fake.item(bench.vault.id, itemId).version).toBe(before.version);
  });

  it('gives up with ConflictError when the item keeps changing', async () => {
    const { bench, location, itemId } = await seeded();
    bench.fake.failNext('items.put', sdkError(SDK_MESSAGES.conflict), 10);
    const before = bench.fake.item(bench.vault.id, itemId);
    const error = await bench.provider
      .stage(location, testKey(2).secret, ctx(2))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConflictError', code: 'CONFLICT' });
    expect(bench.fake.calls.filter((c) => c === 'items.put')).toHaveLength(4);
    expect(bench.fake.item(bench.vault.id, itemId)).toEqual(before);
  });
});
