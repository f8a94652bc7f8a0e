import type { Secret } from '../../src/secret.js';
import { slotTransitions } from '../slot-transitions.js';

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

/**
 * The shared slot transitions (`providers/slot-transitions.ts`) over a managed field's slots.
 * The provider runs them again on a fresh read after a version conflict.
 */
const transitions = slotTransitions<OpSlot, OpSlots>({
  fresh: (value, ctx) => ({ value, storedAt: ctx.at, estimated: false }),
  promoted: (pending, ctx) => ({ value: pending.value, storedAt: ctx.at, estimated: false }),
});

export const stageSlots = transitions.stage;
export const writeCurrentSlots = transitions.writeCurrent;
export const promoteSlots = transitions.promote;
export const discardPendingSlots = transitions.discardPending;
export const clearPreviousSlots = transitions.clearPrevious;
