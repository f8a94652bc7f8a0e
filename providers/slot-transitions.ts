import { ConflictError } from '../src/errors.js';
import { type Fingerprint, fingerprintOf, formatFingerprint, type Secret } from '../src/secret.js';
import type { LocationSnapshot, StoredKey, WriteContext } from './types.js';

/**
 * The slot transitions of one location whose slots a provider stores itself (the file vault's
 * entries, 1Password's tool-owned section), as pure functions: each gets the slots as read and
 * returns the new slots, `undefined` when the write already took effect (nothing to write), or
 * throws `ConflictError` when the location holds something other than the caller expected.
 * Providers re-run them on a fresh read after losing a compare-and-set, so every check is re-made.
 *
 * Ages: a write of a value the slot already holds changes nothing (its `storedAt` stays); a
 * promotion gives the new current the promotion time, because a key's age (what `maxAgeDays`
 * limits) starts when it became current; the old current keeps its own time in `previous`.
 */

/** What a transition needs of one slot. */
export interface SlotValue {
  readonly value: Secret;
}

/** The slots of one location; absent means empty. Providers may keep more fields beside them. */
export interface SlotSet<S extends SlotValue> {
  readonly current?: S;
  readonly pending?: S;
  readonly previous?: S;
  /** When the tool last promoted a pending key here. */
  readonly promotedAt?: Date;
}

/** How a provider makes its slot records. */
export interface SlotFactory<S extends SlotValue> {
  /** A slot holding `key`, written now. */
  fresh(key: Secret, ctx: WriteContext): S;
  /** The pending slot as it becomes current. */
  promoted(pending: S, ctx: WriteContext): S;
}

/** The five transitions, for one provider's slot records. */
export interface SlotTransitions<S extends SlotValue, T extends SlotSet<S>> {
  stage(slots: T, key: Secret, ctx: WriteContext, label: string): T | undefined;
  writeCurrent(
    slots: T,
    key: Secret,
    expected: Fingerprint | undefined,
    ctx: WriteContext,
    label: string,
  ): T | undefined;
  promote(slots: T, fp: Fingerprint, ctx: WriteContext, label: string): T | undefined;
  discardPending(slots: T, expected: Fingerprint, label: string): T | undefined;
  clearPrevious(slots: T, expected: Fingerprint, label: string): T | undefined;
}

function holdsFingerprint<S extends SlotValue>(slot: S | undefined, fp: Fingerprint): slot is S {
  return slot !== undefined && fingerprintOf(slot.value).sha256 === fp.sha256;
}

/** `holds cativa_live_…3e4f (sha256:…)` or `is empty`: a slot's content, safe to print. */
function describeSlot(slot: SlotValue | undefined): string {
  return slot ? `holds ${formatFingerprint(fingerprintOf(slot.value))}` : 'is empty';
}

function without<T>(slots: T, slot: 'pending' | 'previous'): T {
  const { [slot]: _removed, ...rest } = slots as Record<string, unknown>;
  return rest as T;
}

/** Builds the transitions over a provider's slot records. */
export function slotTransitions<S extends SlotValue, T extends SlotSet<S>>(
  make: SlotFactory<S>,
): SlotTransitions<S, T> {
  const clear = (slots: T, slot: 'pending' | 'previous', expected: Fingerprint, label: string) => {
    const held = slots[slot];
    if (!held) return undefined;
    if (!holdsFingerprint(held, expected)) {
      throw new ConflictError(
        label,
        `cannot clear ${formatFingerprint(expected)}: ${slot} ${describeSlot(held)}`,
      );
    }
    return without(slots, slot);
  };

  return {
    stage(slots, key, ctx, label) {
      if (slots.pending?.value.equals(key)) return undefined;
      if (slots.pending) {
        throw new ConflictError(
          label,
          `another rotation is in progress: pending ${describeSlot(slots.pending)}; promote or abort it first`,
        );
      }
      return { ...slots, pending: make.fresh(key, ctx) };
    },

    writeCurrent(slots, key, expected, ctx, label) {
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
      return { ...slots, current: make.fresh(key, ctx) };
    },

    promote(slots, fp, ctx, label) {
      if (holdsFingerprint(slots.current, fp)) {
        // Already promoted. A pending slot still holding the same key is a leftover to clear; a
        // pending slot holding another key belongs to a later rotation and is left alone.
        return holdsFingerprint(slots.pending, fp) ? without(slots, 'pending') : undefined;
      }
      const { pending } = slots;
      if (!holdsFingerprint(pending, fp)) {
        throw new ConflictError(
          label,
          `cannot promote ${formatFingerprint(fp)}: pending ${describeSlot(pending)}`,
        );
      }
      return {
        ...without(slots, 'pending'),
        // With no current there is no old key to keep; a previous key not yet retired stays
        // (the rotation engine refuses to promote over one).
        ...(slots.current ? { previous: slots.current } : {}),
        current: make.promoted(pending, ctx),
        promotedAt: ctx.at,
      };
    },

    discardPending: (slots, expected, label) => clear(slots, 'pending', expected, label),
    clearPrevious: (slots, expected, label) => clear(slots, 'previous', expected, label),
  };
}

/** A slot record that knows when its value was stored. */
export interface DatedSlot extends SlotValue {
  readonly storedAt: Date | undefined;
}

/**
 * What `read` reports for slots a provider stores itself; absent slots are empty.
 * @param estimated whether a slot's `storedAt` is the vault's native time rather than the tool's
 */
export function snapshotOfSlots<S extends DatedSlot>(
  slots: SlotSet<S> | undefined,
  estimated: (slot: S) => boolean,
): LocationSnapshot {
  const stored = (slot: S | undefined): StoredKey | undefined =>
    slot && {
      secret: slot.value,
      fingerprint: fingerprintOf(slot.value),
      storedAt: slot.storedAt,
      storedAtEstimated: estimated(slot),
    };
  return {
    current: stored(slots?.current),
    pending: stored(slots?.pending),
    previous: stored(slots?.previous),
    promotedAt: slots?.promotedAt,
  };
}
