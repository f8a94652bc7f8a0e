import { CativaKeysError, ExitCode } from '../errors.js';

/** The scheduled audit could not run at all (config missing or invalid, a bug). */
export class AuditRunError extends CativaKeysError {
  override readonly name = 'AuditRunError';
  readonly code = 'AUDIT_RUN_FAILED';
  readonly exitCode = ExitCode.internal;
}
