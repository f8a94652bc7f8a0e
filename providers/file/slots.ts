import { ConflictError } from '../../src/errors.js';
import {
  type Fingerprint,
  fingerprintOf,
  formatFingerprint,
  type Secret,
} from '../../src/secret.js';
import type { WriteContext } from '../types.js';
import type { VaultEntry, VaultSlot } from './format.js';

/**
 * The slot transitions of one entry, as pure functions: each gets the entry as it is now and
 * returns its new slots, `undefined` when the write already took effect (nothing to write), or
 * throws `ConflictError` when the entry holds something other than the caller expected.
 *
 * `storedAt` is when a value was first stored in the entry's slot it occupies as a live key:
 * - a write of a value the slot already holds keeps the slot's `storedAt`;
 * - `stage` and `writeCurrent` record `ctx.at`;
 * - `promote` records the promotion time as the new current's `storedAt`, because the key's age
 *   (what `maxAgeDays` limits) starts when it became current, not when it was staged;
 * - the old current keeps its own `storedAt` when it moves to `previous`.
 */

/** The parts of an entry a transition decides; `version` and `updatedAt` are the caller's. */
export type EntrySlots = Omit<VaultEntry, 'version' | 'updatedAt'>;

/** An entry that does not exist yet: every slot empty. */
export const EMPTY_SLOTS: EntrySlots = {};

function holdsFingerprint(slot: VaultSlot | undefined, fp: Fingerprint): slot is VaultSlot {
  return slot !== undefined && fingerprintOf(slot.value).sha256 === fp.sha256;
}

function holdsKey(slot: VaultSlot | undefined, key: Secret): slot is VaultSlot {
  return slot?.value.equals(key) === true;
}

/** `holds cativa_live_…3e4f (sha256:…)` or `is empty`: a slot's content, safe to print. */
function describeSlot(slot: VaultSlot | undefined): string {
  return slot ? `holds ${formatFingerprint(fingerprintOf(slot.value))}` : 'is empty';
}

function newSlot(key: Secret, ctx: WriteContext): VaultSlot {
  return { value: key, storedAt: ctx.at, rotationId: ctx.rotationId };
}

/** Writes `key` to `pending` unless another key holds it (the rotation lock). */
export function stageSlots(
  slots: EntrySlots,
  key: Secret,
  ctx: WriteContext,
  label: string,
): EntrySlots | undefined {
  if (holdsKey(slots.pending, key)) return undefined;
  if (slots.pending) {
    throw new ConflictError(
      label,
      `another rotation is in progress: pending ${describeSlot(slots.pending)}; promote or abort it first`,
    );
  }
  return { ...slots, pending: newSlot(key, ctx) };
}

/** Compare-and-set of `current`: replaces it only when it holds `expected` (or is empty as expected). */
export function writeCurrentSlots(
  slots: EntrySlots,
  key: Secret,
  expected: Fingerprint | undefined,
  ctx: WriteContext,
  label: string,
): EntrySlots | undefined {
  if (holdsKey(slots.current, key)) return undefined;
  const asExpected =
    expected === undefined
      ? slots.current === undefined
      : holdsFingerprint(slots.current, expected);
  if (!asExpected) {
    const wanted = expected ? formatFingerprint(expected) : 'empty';
    throw new ConflictError(
      label,
      `current changed since it was read: expected ${wanted}, but current ${describeSlot(slots.current)}`,
    );
  }
  return { ...slots, current: newSlot(key, ctx) };
}

/** Moves `pending` (holding `fp`) to `current` and the old current to `previous`. */
export function promoteSlots(
  slots: EntrySlots,
  fp: Fingerprint,
  ctx: WriteContext,
  label: string,
): EntrySlots | undefined {
  if (holdsFingerprint(slots.current, fp)) {
    // Already promoted. A pending slot still holding the same key is a leftover to clear; a
    // pending slot holding another key belongs to a later rotation and is left alone.
    if (!holdsFingerprint(slots.pending, fp)) return undefined;
    const { pending: _leftover, ...rest } = slots;
    return rest;
  }
  if (!holdsFingerprint(slots.pending, fp)) {
    throw new ConflictError(
      label,
      `cannot promote ${formatFingerprint(fp)}: pending ${describeSlot(slots.pending)}`,
    );
  }
  const { pending, ...rest } = slots;
  return {
    ...rest,
    // With no current there is no old key to keep; a previous key not yet retired stays.
    ...(slots.current ? { previous: slots.current } : {}),
    current: { value: pending.value, storedAt: ctx.at, rotationId: pending.rotationId },
    promotedAt: ctx.at,
  };
}

/** Clears `pending` when it holds `expected`; nothing to do when it is empty. */
export function discardPendingSlots(
  slots: EntrySlots,
  expected: Fingerprint,
  label: string,
): EntrySlots | undefined {
  if (!slots.pending) return undefined;
  if (!holdsFingerprint(slots.pending, expected)) {
    throw new ConflictError(
      label,
      `cannot discard ${formatFingerprint(expected)}: pending ${describeSlot(slots.pending)}`,
    );
  }
  const { pending: _discarded, ...rest } = slots;
  return rest;
}

/** Clears `previous` when it holds `expected` (the old key is retired); nothing to do when empty. */
export function clearPreviousSlots(
  slots: EntrySlots,
  expected: Fingerprint,
  ctx: WriteContext,
  label: string,
): EntrySlots | undefined {
  if (!slots.previous) return undefined;
  if (!holdsFingerprint(slots.previous, expected)) {
    throw new ConflictError(
      label,
      `cannot clear ${formatFingerprint(expected)}: previous ${describeSlot(slots.previous)}`,
    );
  }
  const { previous: _retired, ...rest } = slots;
  return { ...rest, lastRetiredAt: ctx.at };
}
