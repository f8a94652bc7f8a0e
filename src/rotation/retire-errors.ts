import { CativaKeysError, type CativaKeysErrorOptions, ExitCode } from '../errors.js';
import { type Fingerprint, formatFingerprint } from '../secret.js';
import { commandLine } from './commands.js';

/** Errors of `retire`: the old key's revocation could not be checked, or it is not revoked. */
/** Cativa gave no answer about the old key, so its revocation could not be checked. */
export class RevocationUnavailableError extends CativaKeysError {
  override readonly name = 'RevocationUnavailableError';
  readonly code = 'REVOCATION_CHECK_UNAVAILABLE';
  readonly exitCode = ExitCode.cativaUnavailable;
  override readonly retryable = true;

  constructor(
    keyName: string,
    oldKey: Fingerprint,
    reason: string,
    options?: CativaKeysErrorOptions,
  ) {
    super(
      `Cativa could not say whether the old key ${formatFingerprint(oldKey)} of '${keyName}' is ` +
        `revoked (${reason}); previous was left as it is: run \`${commandLine('retire', keyName)}\` again later`,
      options,
    );
  }
}

/** `retire`: the old key still answers 200 (or 403), so it has not been revoked in the Console. */
export class NotRevokedError extends CativaKeysError {
  override readonly name = 'NotRevokedError';
  readonly code = 'KEY_NOT_REVOKED';
  readonly exitCode = ExitCode.notRevoked;

  /**
   * @param sincePromotion how long ago the new key was promoted, for people (`3 days 4 hours`);
   * undefined when the vault has no promotion time.
   */
  constructor(
    readonly keyName: string,
    readonly oldKey: Fingerprint,
    readonly status: number,
    readonly sincePromotion: string | undefined,
    readonly promotedAt: Date | undefined,
  ) {
    const since =
      sincePromotion && promotedAt
        ? `, ${sincePromotion} after the promotion (${promotedAt.toISOString()})`
        : '';
    super(
      `the old key ${formatFingerprint(oldKey)} of '${keyName}' still answers ${status} at Cativa${since}: ` +
        'revoke it in the Cativa Console (Developers > API Keys), then run ' +
        `\`${commandLine('retire', keyName)}\` again; previous was left as it is`,
    );
  }
}
