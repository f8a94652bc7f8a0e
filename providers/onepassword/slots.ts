import { ConflictError } from '../../src/errors.js';
import {
  type Fingerprint,
  fingerprintOf,
  formatFingerprint,
  type Secret,
} from '../../src/secret.js';
import type { WriteContext } from '../types.js';

/**
 * The slot transitions of one managed field, as pure functions: each gets the slots as read and
 * returns the new slots, `undefined` when the write already took effect, or throws
 * `ConflictError` when the item holds something other than the caller expected. The provider
 * runs them again on a fresh read after a version conflict, so every check is re-made.
 */

/** One slot's value and what is known of its age. */
export interface OpSlot {
  readonly value: Secret;
  /** When the value was first stored in this slot; undefined when unknown. */
  readonly storedAt: Date | undefined;
  /** True when `storedAt` is the item's `updatedAt`, not a time the tool recorded. */
  readonly estimated: boolean;
}

/** Every slot of a managed field; absent means empty. */
export interface OpSlots {
  readonly current?: OpSlot;
  readonly pending?: OpSlot;
  readonly previous?: OpSlot;
  /** When the tool last promoted a pending key here. */
  readonly promotedAt?: Date;
}

function holdsFingerprint(slot: OpSlot | undefined, fp: Fingerprint): slot is OpSlot {
  return slot !== undefined && fingerprintOf(slot.value).sha256 === fp.sha256;
}

function describeSlot(slot: OpSlot | undefined): string {
  return slot ? `holds ${formatFingerprint(fingerprintOf(slot.value))}` : 'is empty';
}

function fresh(value: Secret, at: Date): OpSlot {
  return { value, storedAt: at, estimated: false };
}

function without(slots: OpSlots, slot: 'pending' | 'previous'): OpSlots {
  const { [slot]: _removed, ...rest } = slots;
  return rest;
}

/** Writes `key` to `pending` unless another key holds it (the rotation lock). */
export function stageSlots(
  slots: OpSlots,
  key: Secret,
  ctx: WriteContext,
  label: string,
): OpSlots | undefined {
  if (slots.pending?.value.equals(key)) return undefined;
  if (slots.pending) {
    throw new ConflictError(
      label,
      `another rotation is in progress: pending ${describeSlot(slots.pending)}; promote or abort it first`,
    );
  }
  return { ...slots, pending: fresh(key, ctx.at) };
}

/** Compare-and-set of `current`: replaces it only when it holds `expected` (or is empty as expected). */
export function writeCurrentSlots(
  slots: OpSlots,
  key: Secret,
  expected: Fingerprint | undefined,
  ctx: WriteContext,
  label: string,
): OpSlots | undefined {
  if (slots.current?.value.equals(key)) return undefined;
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
  return { ...slots, current: fresh(key, ctx.at) };
}

/** Moves `pending` (holding `fp`) to `current` and the old current to `previous`. */
export function promoteSlots(
  slots: OpSlots,
  fp: Fingerprint,
  ctx: WriteContext,
  label: string,
): OpSlots | undefined {
  if (holdsFingerprint(slots.current, fp)) {
    // Already promoted: clear a leftover copy in pending; another pending key is a later rotation's.
    return holdsFingerprint(slots.pending, fp) ? without(slots, 'pending') : undefined;
  }
  if (!holdsFingerprint(slots.pending, fp)) {
    throw new ConflictError(
      label,
      `cannot promote ${formatFingerprint(fp)}: pending ${describeSlot(slots.pending)}`,
    );
  }
  const rest = without(slots, 'pending');
  return {
    ...rest,
    // With no current there is no old key to keep; a previous key not yet retired stays.
    ...(slots.current ? { previous: slots.current } : {}),
    // The key's age starts when it became current, not when it was staged.
    current: fresh(slots.pending.value, ctx.at),
    promotedAt: ctx.at,
  };
}

/** Clears `slot` when it holds `expected`; nothing to do when it is empty. */
function clearSlot(
  slots: OpSlots,
  slot: 'pending' | 'previous',
  expected: Fingerprint,
  label: string,
): OpSlots | undefined {
  if (!slots[slot]) return undefined;
  if (!holdsFingerprint(slots[slot], expected)) {
    throw new ConflictError(
      label,
      `cannot clear ${formatFingerprint(expected)}: ${slot} ${describeSlot(slots[slot])}`,
    );
  }
  return without(slots, slot);
}

/** Clears `pending` when it holds `expected` (abort). */
export function discardPendingSlots(slots: OpSlots, expected: Fingerprint, label: string) {
  return clearSlot(slots, 'pending', expected, label);
}

/** Clears `previous` when it holds `expected` (retire). */
export function clearPreviousSlots(slots: OpSlots, expected: Fingerprint, label: string) {
  return clearSlot(slots, 'previous', expected, label);
}
