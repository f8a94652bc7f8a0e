/** The `code` of every `VaultError` the file vault throws, so callers and tests can branch on it. */
export const FileVaultErrorCode = {
  /** The file is not JSON, or not in the vault format (the message lists the field paths). */
  malformed: 'FILE_VAULT_MALFORMED',
  /** The file is a vault of a format version this code does not know. */
  unsupportedVersion: 'FILE_VAULT_UNSUPPORTED_VERSION',
  /** The file exists but cannot be read (permissions, a directory in its place). */
  readFailed: 'FILE_VAULT_READ_FAILED',
  /** Creating the directory or writing the file failed; the old content is left. */
  writeFailed: 'FILE_VAULT_WRITE_FAILED',
  /** Another process held the lock for longer than the wait allows (retryable). */
  locked: 'FILE_VAULT_LOCKED',
  /** The lock could not be taken for another reason than being held. */
  lockFailed: 'FILE_VAULT_LOCK_FAILED',
  /** The lock was taken over as stale while this process held it; nothing was written. */
  lockLost: 'FILE_VAULT_LOCK_LOST',
  /** The entry name cannot be stored in the file. */
  badEntry: 'FILE_VAULT_BAD_ENTRY',
} as const;
export type FileVaultErrorCode = (typeof FileVaultErrorCode)[keyof typeof FileVaultErrorCode];
