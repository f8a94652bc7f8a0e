import { snapshotOfSlots } from '../slot-transitions.js';
import type { LocationSnapshot } from '../types.js';
import type { VaultEntry } from './format.js';

/**
 * What `read` reports for one entry; a missing entry has every slot empty. The tool records
 * every value's time itself, so no age here is an estimate.
 */
export function snapshotOf(entry: VaultEntry | undefined): LocationSnapshot {
  return snapshotOfSlots(entry, () => false);
}
