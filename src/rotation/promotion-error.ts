import { CativaKeysError, ExitCode, isCativaKeysError } from '../errors.js';
import { type Fingerprint, formatFingerprint } from '../secret.js';
import { commandLine } from './commands.js';
import type { LocationResult } from './types.js';

/** The primary's pending key changed while a promotion ran (another command aborted it). */
export class PendingChangedError extends CativaKeysError {
  override readonly name = 'PendingChangedError';
  readonly code = 'PENDING_CHANGED';
  readonly exitCode = ExitCode.conflict;
}

/**
 * A promotion stopped part-way: a location could not be written. Every location still holds a
 * valid key (the old one or the new one), the new key is still pending at the primary, and
 * `resume` continues where it stopped. The exit code is the failing write's (vault or conflict).
 */
export class PromotionIncompleteError extends CativaKeysError {
  override readonly name = 'PromotionIncompleteError';
  readonly code = 'PROMOTION_INCOMPLETE';
  readonly exitCode: ExitCode;
  override readonly retryable: boolean;

  constructor(
    readonly keyName: string,
    readonly key: Fingerprint,
    /** What happened at each location, in the configured order. */
    readonly locations: readonly LocationResult[],
    cause: unknown,
  ) {
    const failed = locations.find((l) => l.result === 'failed');
    const list = (result: LocationResult['result']) =>
      locations
        .filter((l) => l.result === result)
        .map((l) => l.label)
        .join(', ') || 'none';
    const primary = locations[0]?.label ?? 'the primary';
    const where =
      cause instanceof PendingChangedError
        ? `the new key is no longer pending at ${primary}: do not revoke it while a location holds it; run \`${commandLine('status', keyName)}\``
        : locations[0]?.result === 'not-attempted'
          ? `the new key is still pending at ${primary}: fix the cause, then run \`${commandLine('resume', keyName)}\``
          : `the new key is current at ${primary}: fix the cause, then run \`${commandLine('resume', keyName)}\``;
    super(
      `promotion of ${formatFingerprint(key)} for '${keyName}' stopped at ${failed?.label ?? '?'}: ` +
        `${failed?.error ?? 'unknown error'}. Written: ${list('written')}; already held it: ` +
        `${list('skipped')}; not attempted: ${list('not-attempted')}. Every location still holds ` +
        `a key that was valid when written; ${where}`,
      { cause },
    );
    this.exitCode = isCativaKeysError(cause) ? cause.exitCode : ExitCode.vault;
    this.retryable = isCativaKeysError(cause) ? cause.retryable : false;
  }
}

/** After a promotion, a location read back does not hold the new key: someone else wrote it. */
export class PromotionVerifyError extends CativaKeysError {
  override readonly name = 'PromotionVerifyError';
  readonly code = 'PROMOTION_NOT_VERIFIED';
  readonly exitCode = ExitCode.conflict;

  constructor(
    readonly keyName: string,
    readonly key: Fingerprint,
    readonly mismatches: readonly { label: string; current: Fingerprint | undefined }[],
  ) {
    const where = mismatches
      .map((m) => `${m.label} holds ${m.current ? formatFingerprint(m.current) : 'nothing'}`)
      .join('; ');
    super(
      `after promoting ${formatFingerprint(key)} for '${keyName}', read-back differs: ${where}. ` +
        `Another process wrote there; run \`${commandLine('status', keyName)}\` and rotate again`,
    );
  }
}
