import type pLimit from 'p-limit';
import type { OnePasswordLocation } from './config.js';
import type { Item, ItemOverview, OnePasswordPort, VaultOverview } from './port.js';
import { pickByReference, vaultNotFound } from './resolve.js';
import { type RateLimitRetry, settled } from './retry.js';

/** An item as read for one location; `item` is undefined when the vault has no such item. */
export interface ReadItem {
  readonly vaultId: string;
  readonly item: Item | undefined;
}

/**
 * Resolves locations to items and reads them, sharing every remote call within one operation:
 * one `vaults.list`, one `items.list` per vault and one `items.get` per item, however many
 * locations name them. Build one per operation (an audit, a write), so nothing goes stale.
 */
export interface ItemReader {
  read(location: OnePasswordLocation, label: string): Promise<ReadItem>;
}

export function createItemReader(
  port: () => Promise<OnePasswordPort>,
  retry: RateLimitRetry,
  limit: ReturnType<typeof pLimit>,
): ItemReader {
  let vaults: Promise<VaultOverview[]> | undefined;
  const lists = new Map<string, Promise<ItemOverview[]>>();
  const gets = new Map<string, Promise<Item>>();

  const once = <T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>) => {
    let loading = map.get(key);
    if (!loading) {
      loading = load();
      map.set(key, loading);
    }
    return loading;
  };

  return {
    async read(location, label) {
      vaults ??= retry(async () => (await port()).vaults.list());
      const all = await settled(label, 'vaults.list', vaults);
      const vault = pickByReference(all, location.vault, 'vault', label);
      if (!vault) throw vaultNotFound(label, location.vault);
      const listing = once(lists, vault.id, () =>
        limit(() => retry(async () => (await port()).items.list(vault.id))),
      );
      const overviews = await settled(label, 'items.list', listing);
      const active = overviews.filter((o) => String(o.state) !== 'archived');
      const overview = pickByReference(active, location.item, 'item', label);
      if (!overview) return { vaultId: vault.id, item: undefined };
      const getting = once(gets, `${vault.id}/${overview.id}`, () =>
        limit(() => retry(async () => (await port()).items.get(vault.id, overview.id))),
      );
      return { vaultId: vault.id, item: await settled(label, 'items.get', getting) };
    },
  };
}
