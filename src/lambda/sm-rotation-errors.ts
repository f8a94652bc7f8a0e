import { CativaKeysError, ExitCode } from '../errors.js';

/**
 * A guard of the rotation function refused the event: rotation not enabled, unknown version,
 * a version that is not AWSPENDING, or a secret no managed key uses as its primary.
 */
export class RotationRefusedError extends CativaKeysError {
  override readonly name = 'RotationRefusedError';
  readonly code = 'NATIVE_ROTATION_REFUSED';
  readonly exitCode = ExitCode.usage;
}

/**
 * `createSecret` found no key in the version being rotated. Cativa keys cannot be created by
 * API: a person creates one in the Console and stages it; the message says what to run.
 */
export class NothingStagedError extends CativaKeysError {
  override readonly name = 'NothingStagedError';
  readonly code = 'NATIVE_ROTATION_NOTHING_STAGED';
  readonly exitCode = ExitCode.usage;
}

/** A rotation step failed on an error that is not one of ours (a bug); the cause is kept. */
export class RotationStepError extends CativaKeysError {
  override readonly name = 'RotationStepError';
  readonly code = 'NATIVE_ROTATION_FAILED';
  readonly exitCode = ExitCode.internal;
}
