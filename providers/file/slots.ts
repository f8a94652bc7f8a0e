import type { Fingerprint } from '../../src/secret.js';
import { slotTransitions } from '../slot-transitions.js';
import type { WriteContext } from '../types.js';
import type { VaultEntry, VaultSlot } from './format.js';

/** The parts of an entry a transition decides; `version` and `updatedAt` are the caller's. */
export type EntrySlots = Omit<VaultEntry, 'version' | 'updatedAt'>;

/** An entry that does not exist yet: every slot empty. */
export const EMPTY_SLOTS: EntrySlots = {};

/**
 * The shared slot transitions (`providers/slot-transitions.ts`) over the file's slot records,
 * which also keep the rotation id that wrote them.
 */
const transitions = slotTransitions<VaultSlot, EntrySlots>({
  fresh: (key, ctx) => ({ value: key, storedAt: ctx.at, rotationId: ctx.rotationId }),
  promoted: (pending, ctx) => ({
    value: pending.value,
    storedAt: ctx.at,
    ...(pending.rotationId === undefined ? {} : { rotationId: pending.rotationId }),
  }),
});

export const stageSlots = transitions.stage;
export const writeCurrentSlots = transitions.writeCurrent;
export const promoteSlots = transitions.promote;
export const discardPendingSlots = transitions.discardPending;

/** Clears `previous` when it holds `expected` (the old key is retired), recording when. */
export function clearPreviousSlots(
  slots: EntrySlots,
  expected: Fingerprint,
  ctx: WriteContext,
  label: string,
): EntrySlots | undefined {
  const next = transitions.clearPrevious(slots, expected, label);
  return next && { ...next, lastRetiredAt: ctx.at };
}
