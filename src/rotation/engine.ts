import type { Fingerprint, Secret } from '../secret.js';
import { type AbortOutcome, abortRotation } from './abort.js';
import { readRotationState } from './observe.js';
import { type PromotionReport, promoteRotation } from './promote.js';
import { type RetireOutcome, retireRotation } from './retire.js';
import { type StageOutcome, stageKey } from './stage.js';
import type { RotationDeps, RotationObservation, RotationTarget } from './types.js';
import { type ValidatedPending, validatePending } from './validate-pending.js';

/** The rotation steps bound to their dependencies; one per process entry point. */
export interface RotationEngine {
  /** Where the rotation stands, read from the vaults. */
  observe(target: RotationTarget): Promise<RotationObservation>;
  /** Step 1: format check, then the new key into the primary's pending slot (the lock). */
  stage(target: RotationTarget, newKey: Secret): Promise<StageOutcome>;
  /** Step 2 alone: validates the pending key with Cativa; writes nothing. */
  validate(target: RotationTarget): Promise<ValidatedPending>;
  /** Steps 2 and 3: re-validates, writes replicas, promotes the primary, reads back. */
  promote(target: RotationTarget): Promise<PromotionReport>;
  /** Step 4: checks the old key answers 401, then clears previous. */
  retire(target: RotationTarget): Promise<RetireOutcome>;
  /** Discards the pending key (only the one the person confirmed, when given). */
  abort(target: RotationTarget, expected?: Fingerprint): Promise<AbortOutcome>;
  /**
   * Continues from the observed state: promotes when a key is pending; otherwise does nothing
   * (the next step, revoking the old key in the Console, needs a person) and returns undefined.
   */
  resume(target: RotationTarget): Promise<PromotionReport | undefined>;
}

/** Builds the rotation engine over the injected Cativa client, clock and progress sink. */
export function createRotationEngine(deps: RotationDeps): RotationEngine {
  return {
    observe: async (target) => (await readRotationState(target)).observation,
    stage: (target, newKey) => stageKey(target, newKey, deps),
    validate: (target) => validatePending(target, deps),
    promote: (target) => promoteRotation(target, deps),
    retire: (target) => retireRotation(target, deps),
    abort: (target, expected) => abortRotation(target, deps, expected),
    resume: async (target) => {
      const { observation } = await readRotationState(target);
      // A pending key to promote, or a promoted key some replica still lacks.
      const unfinished =
        observation.primary.pending !== undefined ||
        (observation.phase === 'promoted-awaiting-retire' && observation.drift);
      return unfinished ? promoteRotation(target, deps) : undefined;
    },
  };
}
