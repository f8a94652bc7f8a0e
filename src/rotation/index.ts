/** The rotation of design.md as typed functions, for the CLI, the Lambda and library users. */
export { type AbortOutcome, abortRotation } from './abort.js';
export { commandLine, type RotationCommandName } from './commands.js';
export { createRotationEngine, type RotationEngine } from './engine.js';
export * from './errors.js';
export { describeRotation, observeRotation, readRotationState } from './observe.js';
export { planPromotion } from './plan.js';
export { type PromotionReport, promoteRotation } from './promote.js';
export { PromotionIncompleteError, PromotionVerifyError } from './promotion-error.js';
export { type RetireOutcome, retireRotation } from './retire.js';
export * from './retire-errors.js';
export { rotationIdFor } from './rotation-id.js';
export { type StageOutcome, stageKey } from './stage.js';
export * from './types.js';
export { assertKeyFormat, checkIdentity, validateCandidate } from './validate.js';
export { type ValidatedPending, validatePending } from './validate-pending.js';
