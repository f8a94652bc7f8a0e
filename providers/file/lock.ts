import { lock } from 'proper-lockfile';
import { VaultError } from '../../src/errors.js';
import { FileVaultErrorCode } from './error-codes.js';

/** Options of the cross-process lock on one vault file. */
export interface FileLockOptions {
  /**
   * Age in milliseconds after which a lock whose holder stopped refreshing it (a crashed
   * process) is taken over. proper-lockfile refreshes held locks every `staleMs / 2` and does not
   * accept less than 2000.
   */
  readonly staleMs: number;
  /** Roughly how long, in milliseconds, to wait for a held lock before giving up. */
  readonly maxWaitMs: number;
}

/** Defaults: a crashed holder's lock is taken over after 10 s; give up after about 25 s. */
export const DEFAULT_FILE_LOCK_OPTIONS: FileLockOptions = { staleMs: 10_000, maxWaitMs: 25_000 };

/** A lock held on a vault file. */
export interface HeldFileLock {
  /** Throws `VaultError` when the lock was lost (taken over as stale); call before committing. */
  assertHeld(): void;
  /** Releases the lock; never throws (a lock left behind goes stale). */
  release(): Promise<void>;
}

const MIN_TIMEOUT_MS = 20;
const MAX_TIMEOUT_MS = 250;

/**
 * Takes the lock of `target` (a `<target>.lock` directory next to it), retrying with bounded,
 * randomised back-off. The file itself need not exist.
 *
 * @param label location label for error messages
 */
export async function acquireFileLock(
  target: string,
  label: string,
  options: FileLockOptions,
): Promise<HeldFileLock> {
  let lostBecause: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lock(target, {
      realpath: false,
      stale: options.staleMs,
      retries: {
        // The back-off grows from 20 ms to 250 ms, then stays there (times 1 to 2 with randomize).
        retries: Math.max(1, Math.ceil(options.maxWaitMs / MAX_TIMEOUT_MS)),
        factor: 1.5,
        minTimeout: MIN_TIMEOUT_MS,
        maxTimeout: MAX_TIMEOUT_MS,
        randomize: true,
      },
      // The default throws from a timer, which would crash the process; record it instead.
      onCompromised: (error) => {
        lostBecause = error;
      },
    });
  } catch (error) {
    const locked = (error as { code?: unknown }).code === 'ELOCKED';
    throw new VaultError(
      label,
      locked
        ? `the vault file ${target} is locked by another process; try again`
        : `cannot lock the vault file ${target}`,
      {
        cause: error,
        code: locked ? FileVaultErrorCode.locked : FileVaultErrorCode.lockFailed,
        retryable: true,
      },
    );
  }
  return {
    assertHeld() {
      if (lostBecause) {
        throw new VaultError(label, `lost the lock of the vault file ${target}; nothing written`, {
          cause: lostBecause,
          code: FileVaultErrorCode.lockLost,
          retryable: true,
        });
      }
    },
    async release() {
      await release().catch(() => undefined);
    },
  };
}
