import { describe, expect, it } from 'vitest';
import type { Item } from '../../providers/onepassword/port.js';
import { API_CREDENTIALS, CONCEALED, TEXT } from '../../providers/onepassword/port.js';
import { testKey } from '../support/file-vault-bench.js';
import { createOnePasswordBench } from '../support/onepassword-fake-bench.js';

const at = (iso: string, rotationId = 'r-1') => ({ rotationId, at: new Date(iso) });

/** A realistic item: login fields, a section of its own, notes, tags, a website. */
function seedItem(
  bench: ReturnType<typeof createOnePasswordBench>,
  title = 'Cativa HubSpot',
): Item {
  return bench.fake.addItem({
    vaultId: bench.vault.id,
    category: API_CREDENTIALS,
    title,
    sections: [{ id: 'ops', title: 'Operations' }],
    fields: [
      { id: 'username', title: 'username', fieldType: TEXT, value: 'svc-sync' },
      {
        id: 'credential',
        title: 'credential',
        fieldType: CONCEALED,
        value: testKey(1).secret.reveal(),
      },
      { id: 'runbook', title: 'runbook', sectionId: 'ops', fieldType: TEXT, value: 'page #sync' },
    ],
    notes: 'owned by the sync team',
    tags: ['cativa', 'prod'],
    websites: [
      {
        url: 'https://console.cativalab.digital',
        label: 'console',
        autofillBehavior: 'Never' as Item['websites'][number]['autofillBehavior'],
      },
    ],
  });
}

describe('Provider: onepassword', () => {
  describe('Method: stage', () => {
    it('puts pending in a concealed field of the tool section and keeps the rest of the item', async () => {
      const bench = createOnePasswordBench();
      const before = seedItem(bench);
      await bench.provider.stage(
        bench.location('Cativa HubSpot'),
        testKey(2).secret,
        at('2025-02-01T00:00:00Z'),
      );
      const after = bench.fake.item(bench.vault.id, before.id);
      expect(after.version).toBe(before.version + 1);
      expect(after.notes).toBe(before.notes);
      expect(after.tags).toEqual(before.tags);
      expect(after.websites).toEqual(before.websites);
      expect(after.fields.slice(0, 3)).toEqual(before.fields);
      const section = after.sections.find((s) => s.title === 'cativa-keys: credential');
      expect(section).toBeDefined();
      const owned = after.fields.filter((f) => f.sectionId === section?.id);
      expect(owned.map((f) => [f.title, f.fieldType])).toEqual([
        ['pending', 'Concealed'],
        ['state', 'Text'],
      ]);
      expect(owned[0]?.value).toBe(testKey(2).secret.reveal());
      expect(owned[1]?.value).not.toContain('cativa_live_');
    });

    it('uses the section and field titles the settings give', async () => {
      const bench = createOnePasswordBench({
        settings: {
          section: 'Rotation of {field}',
          fields: { pending: 'next', previous: 'old', state: 'log' },
        },
      });
      const before = seedItem(bench);
      const location = bench.location('Cativa HubSpot');
      await bench.provider.stage(location, testKey(2).secret, at('2025-02-01T00:00:00Z'));
      await bench.provider.promote(location, testKey(2).fingerprint, at('2025-02-02T00:00:00Z'));
      const after = bench.fake.item(bench.vault.id, before.id);
      const section = after.sections.find((s) => s.title === 'Rotation of credential');
      expect(after.fields.filter((f) => f.sectionId === section?.id).map((f) => f.title)).toEqual([
        'log',
        'old',
      ]);
    });
  });

  describe('Method: read', () => {
    it('estimates the age of a key the tool never wrote from the item updatedAt', async () => {
      const bench = createOnePasswordBench();
      const item = seedItem(bench);
      const snapshot = await bench.provider.read(bench.location('Cativa HubSpot'));
      expect(snapshot.current?.fingerprint).toEqual(testKey(1).fingerprint);
      expect(snapshot.current?.storedAt).toEqual(item.updatedAt);
      expect(snapshot.current?.storedAtEstimated).toBe(true);
      expect(snapshot.promotedAt).toBeUndefined();
    });

    it('keeps an estimated age when the tool writes other slots of the item later', async () => {
      const bench = createOnePasswordBench();
      const item = seedItem(bench);
      const location = bench.location('Cativa HubSpot');
      await bench.provider.stage(location, testKey(2).secret, at('2025-03-01T00:00:00Z'));
      const snapshot = await bench.provider.read(location);
      expect(snapshot.current?.storedAt).toEqual(item.updatedAt);
      expect(snapshot.current?.storedAtEstimated).toBe(true);
      expect(snapshot.pending?.storedAt).toEqual(new Date('2025-03-01T00:00:00Z'));
      expect(snapshot.pending?.storedAtEstimated).toBe(false);
    });

    it('records the promotion time as the age of the new current key', async () => {
      const bench = createOnePasswordBench();
      seedItem(bench);
      const location = bench.location('Cativa HubSpot');
      await bench.provider.stage(location, testKey(2).secret, at('2025-03-01T00:00:00Z'));
      await bench.provider.promote(location, testKey(2).fingerprint, at('2025-03-02T00:00:00Z'));
      const snapshot = await bench.provider.read(location);
      expect(snapshot.current?.storedAt).toEqual(new Date('2025-03-02T00:00:00Z'));
      expect(snapshot.current?.storedAtEstimated).toBe(false);
      expect(snapshot.promotedAt).toEqual(new Date('2025-03-02T00:00:00Z'));
      expect(snapshot.previous?.fingerprint).toEqual(testKey(1).fingerprint);
      expect(snapshot.previous?.storedAtEstimated).toBe(true);
    });

    it('falls back to an estimate when someone changed the key by hand after the tool recorded it', async () => {
      const bench = createOnePasswordBench();
      const item = seedItem(bench);
      const location = bench.location('Cativa HubSpot');
      await bench.provider.writeCurrent(
        location,
        testKey(3).secret,
        testKey(1).fingerprint,
        at('2025-03-01T00:00:00Z'),
      );
      const edited = bench.fake.edit(bench.vault.id, item.id, (draft) => {
        const field = draft.fields.find((f) => f.id === 'credential');
        if (field) field.value = testKey(4).secret.reveal();
      });
      const snapshot = await bench.provider.read(location);
      expect(snapshot.current?.fingerprint).toEqual(testKey(4).fingerprint);
      expect(snapshot.current?.storedAt).toEqual(edited.updatedAt);
      expect(snapshot.current?.storedAtEstimated).toBe(true);
    });

    it('reads a field named by id, and an archived item as absent', async () => {
      const bench = createOnePasswordBench();
      const item = seedItem(bench);
      const byId = { ...bench.location(item.id, 'credential'), vault: bench.vault.id };
      expect((await bench.provider.read(byId)).current?.fingerprint).toEqual(
        testKey(1).fingerprint,
      );
      bench.fake.archive(bench.vault.id, item.id);
      expect((await bench.provider.read(byId)).current).toBeUndefined();
    });

    it('refuses an ambiguous item title, listing the candidates by id', async () => {
      const bench = createOnePasswordBench();
      const a = seedItem(bench);
      const b = seedItem(bench);
      const error = await bench.provider
        .read(bench.location('Cativa HubSpot'))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'VaultError', code: 'ONEPASSWORD_AMBIGUOUS' });
      expect((error as Error).message).toContain(a.id);
      expect((error as Error).message).toContain(b.id);
      expect((error as Error).message).toContain(
        'onepassword:Integrations/Cativa HubSpot#credential',
      );
    });

    it('refuses an ambiguous field title and an ambiguous vault title', async () => {
      const bench = createOnePasswordBench();
      const item = seedItem(bench);
      bench.fake.edit(bench.vault.id, item.id, (draft) => {
        draft.fields.push(
          { id: 'k1', title: 'api key', fieldType: CONCEALED, value: '' },
          { id: 'k2', title: 'API key', sectionId: 'ops', fieldType: CONCEALED, value: '' },
          { id: 'k3', title: 'api key', sectionId: 'ops', fieldType: CONCEALED, value: '' },
        );
      });
      const location = bench.location('Cativa HubSpot', 'api key');
      const field = await bench.provider.read(location).catch((e: unknown) => e);
      expect(field).toMatchObject({ code: 'ONEPASSWORD_AMBIGUOUS' });
      // Exact titles win over case-insensitive ones; the candidates are listed by id.
      expect((field as Error).message).toContain("ids: k1, k3 in section 'Operations'");
      // An id is never ambiguous.
      const byId = await bench.provider.read(bench.location('Cativa HubSpot', 'k2'));
      expect(byId.current).toBeUndefined();

      const other = bench.fake.addVault('Integrations');
      const vault = await bench.provider
        .read(bench.location('Cativa HubSpot'))
        .catch((e: unknown) => e);
      expect(vault).toMatchObject({ code: 'ONEPASSWORD_AMBIGUOUS' });
      expect((vault as Error).message).toContain(other.id);
    });

    it('reports a vault the service account cannot see', async () => {
      const bench = createOnePasswordBench();
      const error = await bench.provider
        .read({ ...bench.location('x'), vault: 'Nope' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'VaultError', code: 'ONEPASSWORD_NOT_FOUND' });
      expect((error as Error).message).toContain("'Nope'");
    });
  });

  describe('Method: writeCurrent', () => {
    it('refuses to put a key in a field that is not concealed or text', async () => {
      const bench = createOnePasswordBench();
      bench.fake.addItem({
        vaultId: bench.vault.id,
        category: API_CREDENTIALS,
        title: 'Odd',
        fields: [{ id: 'url', title: 'credential', fieldType: 'Url' as typeof TEXT, value: '' }],
      });
      const error = await bench.provider
        .writeCurrent(
          bench.location('Odd'),
          testKey(1).secret,
          undefined,
          at('2025-01-02T00:00:00Z'),
        )
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ONEPASSWORD_FIELD_TYPE' });
    });

    it('creates the item in the vault when it does not exist yet', async () => {
      const bench = createOnePasswordBench();
      await bench.provider.writeCurrent(
        bench.location('New item'),
        testKey(1).secret,
        undefined,
        at('2025-01-02T00:00:00Z'),
      );
      const [item] = bench.fake.items(bench.vault.id);
      expect(item?.title).toBe('New item');
      expect(item?.category).toBe('ApiCredentials');
      expect(item?.fields.find((f) => f.title === 'credential')?.fieldType).toBe('Concealed');
    });
  });
});
