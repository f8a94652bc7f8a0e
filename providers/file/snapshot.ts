import { fingerprintOf } from '../../src/secret.js';
import type { LocationSnapshot, StoredKey } from '../types.js';
import type { VaultEntry, VaultSlot } from './format.js';

function storedKey(slot: VaultSlot | undefined): StoredKey | undefined {
  if (!slot) return undefined;
  return {
    secret: slot.value,
    fingerprint: fingerprintOf(slot.value),
    storedAt: slot.storedAt,
    // The tool records every value's time itself, so it is never an estimate here.
    storedAtEstimated: false,
  };
}

/** What `read` reports for one entry; a missing entry has every slot empty. */
export function snapshotOf(entry: VaultEntry | undefined): LocationSnapshot {
  return {
    current: storedKey(entry?.current),
    pending: storedKey(entry?.pending),
    previous: storedKey(entry?.previous),
    promotedAt: entry?.promotedAt,
  };
}
