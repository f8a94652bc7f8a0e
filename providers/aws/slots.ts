import { fingerprintOf, type Secret } from '../../src/secret.js';
import type { LocationSnapshot, StoredKey } from '../types.js';
import type { AwsLocation } from './config.js';
import { type Ledger, type LedgerKeys, readLedger } from './ledger.js';
import { type SecretState, Stage, type VersionRead } from './state.js';
import { contentOf } from './value.js';

/** A slot holding a key: the version it lives in and the key. */
export interface SlotKey {
  readonly version: VersionRead;
  readonly secret: Secret;
  /** The key's fingerprint hash (ledger and compare-and-set checks). */
  readonly sha256: string;
}

/**
 * The slots of a location, resolved from the labels:
 * - `current`: the AWSCURRENT version's key;
 * - `pending`: the AWSPENDING version's key, unless it is the current version or holds the current
 *   key (AWS may leave AWSPENDING on the new current version after a rotation: nothing waits);
 * - `previous`: the AWSPREVIOUS version's key, unless it equals the current key (a JSON secret's
 *   other field was rewritten: there is no older key of this location to retire).
 */
export interface Slots {
  readonly current: SlotKey | undefined;
  readonly pending: SlotKey | undefined;
  /** AWSPENDING holds a value this location cannot read as a key (a JSON secret without the field). */
  readonly pendingForeign: boolean;
  readonly previous: SlotKey | undefined;
  /** The AWSCURRENT version's whole text, base of every write of a field location. */
  readonly currentText: string | undefined;
  readonly ledger: Ledger;
}

function slotKey(location: AwsLocation, label: string, version: VersionRead | undefined) {
  if (!version) return { key: undefined, foreign: false };
  const content = contentOf(location, label, version);
  if (content.kind !== 'key') return { key: undefined, foreign: content.kind === 'foreign' };
  const key: SlotKey = {
    version,
    secret: content.secret,
    sha256: fingerprintOf(content.secret).sha256,
  };
  return { key, foreign: false };
}

/** Resolves the slots of `location` from a read state. */
export function slotsOf(
  state: SecretState,
  location: AwsLocation,
  label: string,
  keys: LedgerKeys,
): Slots {
  const current = slotKey(location, label, state.versions[Stage.current]).key;
  const pendingRead = slotKey(location, label, state.versions[Stage.pending]);
  const previous = slotKey(location, label, state.versions[Stage.previous]).key;
  const distinct = (slot: SlotKey | undefined) =>
    slot &&
    current &&
    (slot.version.versionId === current.version.versionId || slot.sha256 === current.sha256)
      ? undefined
      : slot;
  const pendingSameVersion =
    state.versions[Stage.pending]?.versionId === state.versions[Stage.current]?.versionId;
  return {
    current,
    pending: distinct(pendingRead.key),
    pendingForeign: pendingRead.foreign && !pendingSameVersion,
    previous: distinct(previous),
    currentText: state.versions[Stage.current]?.secretString,
    ledger: readLedger(state.tags, keys),
  };
}

function storedKey(slot: SlotKey | undefined, ledger: Ledger): StoredKey | undefined {
  if (!slot) return undefined;
  const recorded = ledger.stored.get(slot.sha256);
  return {
    secret: slot.secret,
    fingerprint: fingerprintOf(slot.secret),
    storedAt: recorded ?? slot.version.createdDate,
    storedAtEstimated: recorded === undefined,
  };
}

/**
 * The snapshot of resolved slots. `storedAt` is the time the tool recorded for the value, or the
 * version's `CreatedDate` (an estimate: AWS moves it whenever the same value is written again);
 * `promotedAt` is the last promotion the tool recorded, when it promoted the key now current.
 */
export function snapshotOf(slots: Slots): LocationSnapshot {
  const rotated = slots.ledger.rotated;
  return {
    current: storedKey(slots.current, slots.ledger),
    pending: storedKey(slots.pending, slots.ledger),
    previous: storedKey(slots.previous, slots.ledger),
    promotedAt: rotated && rotated.sha256 === slots.current?.sha256 ? rotated.at : undefined,
  };
}
