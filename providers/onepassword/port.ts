import type {
  Client,
  Item,
  ItemCategory,
  ItemCreateParams,
  ItemFieldType,
  ItemOverview,
  VaultOverview,
} from '@1password/sdk';

/**
 * The part of the 1Password SDK client this provider uses, and nothing more: tests inject an
 * in-memory fake of it, production the real `Client` (see `client.ts`). Only types are imported
 * here, so this module never loads the SDK's 14 MB WASM core.
 */
export interface OnePasswordPort {
  readonly items: {
    /** The whole item, with its `version` (the compare-and-set token of `put`). */
    get(vaultId: string, itemId: string): Promise<Item>;
    /** Replaces the whole item; rejected when `item.version` is not the stored one. */
    put(item: Item): Promise<Item>;
    create(params: ItemCreateParams): Promise<Item>;
    /** Overviews of the vault's items: ids and titles, no fields. */
    list(vaultId: string): Promise<ItemOverview[]>;
  };
  readonly vaults: {
    /** Vaults visible to the service account. */
    list(): Promise<VaultOverview[]>;
  };
}

type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Compile-time proof that the real SDK client satisfies the port. */
export type ClientSatisfiesPort = Assert<Client extends OnePasswordPort ? true : false>;

/**
 * The SDK's enum values this provider writes, as plain strings: using the enum objects would
 * load the SDK at runtime. The assertions below fail to compile if the SDK renames them.
 */
export const CONCEALED = 'Concealed' as ItemFieldType.Concealed;
export const TEXT = 'Text' as ItemFieldType.Text;
export const API_CREDENTIALS = 'ApiCredentials' as ItemCategory.ApiCredentials;
export type SdkValuesMatch = [
  Assert<Same<`${ItemFieldType.Concealed}|${ItemFieldType.Text}`, 'Concealed|Text'>>,
  Assert<Same<`${ItemCategory.ApiCredentials}`, 'ApiCredentials'>>,
];

export type { Item, ItemCreateParams, ItemField, ItemOverview, ItemSection } from '@1password/sdk';
export type { VaultOverview };
