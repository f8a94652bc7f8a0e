import type { ItemFieldType } from '@1password/sdk';
import type {
  Item,
  ItemCreateParams,
  ItemField,
  ItemOverview,
  ItemSection,
  OnePasswordPort,
  VaultOverview,
} from '../../providers/onepassword/port.js';
import { SDK_MESSAGES, sdkError } from './onepassword-fake-errors.js';

/** Every `ItemFieldType` of SDK 0.5.0; the assertion below fails to compile if the enum changes. */
export const FIELD_TYPES = [
  'Text',
  'Concealed',
  'CreditCardType',
  'CreditCardNumber',
  'Phone',
  'Url',
  'Totp',
  'Email',
  'Reference',
  'SshKey',
  'Menu',
  'MonthYear',
  'Address',
  'Date',
  'Unsupported',
] as const satisfies readonly `${ItemFieldType}`[];
type Assert<T extends true> = T;
export type FieldTypesComplete = Assert<
  Exclude<`${ItemFieldType}`, (typeof FIELD_TYPES)[number]> extends never ? true : false
>;

/** A port method, by name, as the call log and fault injection name them. */
export type FakeOperation =
  | 'vaults.list'
  | 'items.list'
  | 'items.get'
  | 'items.put'
  | 'items.create';

export interface OnePasswordFakeOptions {
  /** Stamps `createdAt`/`updatedAt`; default: 2025-01-01, one second later at every write. */
  readonly now?: () => Date;
}

/**
 * An in-memory 1Password with the SDK's semantics, behind the provider's port: `put` replaces
 * the whole item and is rejected (with the SDK's conflict error) unless `version` is the stored
 * one; every write bumps `version` and `updatedAt`; ids, field types and section links are
 * checked as the SDK's core checks them; everything returned is a copy.
 */
export interface OnePasswordFake {
  readonly port: OnePasswordPort;
  /** Every port call, in order, e.g. `items.get`. */
  readonly calls: FakeOperation[];
  addVault(title: string, id?: string): VaultOverview;
  /** Creates an item directly (not logged as a call). */
  addItem(params: ItemCreateParams): Item;
  /** The stored item (a copy). */
  item(vaultId: string, itemId: string): Item;
  /** All stored items of a vault (copies). */
  items(vaultId: string): Item[];
  /** A person edits the item in 1Password: `change` mutates a copy, which is stored as a new version. */
  edit(vaultId: string, itemId: string, change: (item: Item) => void): Item;
  archive(vaultId: string, itemId: string): void;
  /** The next `times` calls of `operation` throw `error` instead of running. */
  failNext(operation: FakeOperation, error: Error, times?: number): void;
  /** Runs (and awaits) `hook` before the next call of `operation`, e.g. a concurrent edit. */
  beforeNext(operation: FakeOperation, hook: () => void | Promise<void>): void;
}

interface StoredVault {
  readonly overview: VaultOverview;
  readonly items: Map<string, Item>;
  archived: Set<string>;
}

const copy = <T>(value: T): T => structuredClone(value);

function checkParts(fields: readonly ItemField[], sections: readonly ItemSection[]): void {
  const fieldIds = new Set(fields.map((f) => f.id));
  if (fieldIds.size !== fields.length) throw sdkError(SDK_MESSAGES.duplicateFieldIds);
  const sectionIds = new Set(sections.map((s) => s.id));
  if (sectionIds.size !== sections.length) throw sdkError(SDK_MESSAGES.duplicateSectionIds);
  for (const field of fields) {
    if (!(FIELD_TYPES as readonly string[]).includes(field.fieldType)) {
      throw sdkError(`invalid user input: unknown field type '${field.fieldType}'`);
    }
    if (typeof field.value !== 'string')
      throw sdkError('invalid user input: value must be a string');
    if (field.sectionId !== undefined && !sectionIds.has(field.sectionId)) {
      throw sdkError(
        `invalid user input: field ${field.id} was linked to section id '${field.sectionId}', but no section with this id exists`,
      );
    }
  }
}

export function createOnePasswordFake(options: OnePasswordFakeOptions = {}): OnePasswordFake {
  let tick = 0;
  const now =
    options.now ??
    (() => {
      tick += 1;
      return new Date(Date.UTC(2025, 0, 1) + tick * 1000);
    });
  const vaults = new Map<string, StoredVault>();
  const calls: FakeOperation[] = [];
  const faults = new Map<FakeOperation, Error[]>();
  const hooks = new Map<FakeOperation, Array<() => void | Promise<void>>>();
  let ids = 0;
  const nextId = (prefix: string) => `${prefix}${(++ids).toString(36).padStart(24, '0')}`;

  const vaultOf = (vaultId: string): StoredVault => {
    const vault = vaults.get(vaultId);
    if (!vault) throw sdkError(SDK_MESSAGES.notFound);
    return vault;
  };
  const storedItem = (vaultId: string, itemId: string): Item => {
    const vault = vaultOf(vaultId);
    const item = vault.items.get(itemId);
    if (!item || vault.archived.has(itemId)) throw sdkError(SDK_MESSAGES.notFound);
    return item;
  };
  const create = (params: ItemCreateParams): Item => {
    const vault = vaultOf(params.vaultId);
    const fields = copy(params.fields ?? []);
    const sections = copy(params.sections ?? []);
    checkParts(fields, sections);
    const at = now();
    const item: Item = {
      id: nextId('i'),
      title: params.title,
      category: params.category,
      vaultId: params.vaultId,
      fields,
      sections,
      notes: params.notes ?? '',
      tags: [...(params.tags ?? [])],
      websites: copy(params.websites ?? []),
      version: 1,
      files: [],
      createdAt: at,
      updatedAt: new Date(at),
    };
    vault.items.set(item.id, item);
    return copy(item);
  };
  const replace = (item: Item): Item => {
    const stored = storedItem(item.vaultId, item.id);
    if (item.version !== stored.version) throw sdkError(SDK_MESSAGES.conflict);
    checkParts(item.fields, item.sections);
    const next: Item = {
      ...copy(item),
      version: stored.version + 1,
      createdAt: new Date(stored.createdAt),
      updatedAt: now(),
    };
    vaultOf(item.vaultId).items.set(item.id, next);
    return copy(next);
  };

  const run = async <T>(operation: FakeOperation, body: () => T): Promise<T> => {
    calls.push(operation);
    await Promise.resolve();
    await hooks.get(operation)?.shift()?.();
    const fault = faults.get(operation)?.shift();
    if (fault) throw fault;
    return body();
  };

  const port: OnePasswordPort = {
    items: {
      get: (vaultId, itemId) => run('items.get', () => copy(storedItem(vaultId, itemId))),
      put: (item) => run('items.put', () => replace(item)),
      create: (params) => run('items.create', () => create(params)),
      list: (vaultId) =>
        run('items.list', () => {
          const vault = vaultOf(vaultId);
          return [...vault.items.values()]
            .filter((item) => !vault.archived.has(item.id))
            .map(
              (item): ItemOverview => ({
                id: item.id,
                title: item.title,
                category: item.category,
                vaultId: item.vaultId,
                websites: copy(item.websites),
                tags: [...item.tags],
                createdAt: new Date(item.createdAt),
                updatedAt: new Date(item.updatedAt),
                state: 'active' as ItemOverview['state'],
              }),
            );
        }),
    },
    vaults: {
      list: () => run('vaults.list', () => [...vaults.values()].map((v) => copy(v.overview))),
    },
  };

  return {
    port,
    calls,
    addVault(title, id = nextId('v')) {
      const at = now();
      const overview = {
        id,
        title,
        description: '',
        vaultType: 'userCreated',
        activeItemCount: 0,
        contentVersion: 1,
        attributeVersion: 1,
        createdAt: at,
        updatedAt: at,
      } as VaultOverview;
      vaults.set(id, { overview, items: new Map(), archived: new Set() });
      return copy(overview);
    },
    addItem: (params) => create(params),
    item: (vaultId, itemId) => copy(storedItem(vaultId, itemId)),
    items: (vaultId) => [...vaultOf(vaultId).items.values()].map(copy),
    edit(vaultId, itemId, change) {
      const draft = copy(storedItem(vaultId, itemId));
      change(draft);
      return replace(draft);
    },
    archive(vaultId, itemId) {
      storedItem(vaultId, itemId);
      vaultOf(vaultId).archived.add(itemId);
    },
    failNext(operation, error, times = 1) {
      faults.set(operation, [...(faults.get(operation) ?? []), ...Array(times).fill(error)]);
    },
    beforeNext(operation, hook) {
      hooks.set(operation, [...(hooks.get(operation) ?? []), hook]);
    },
  };
}
