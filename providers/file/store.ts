import { lstat, mkdir, readFile, readlink, realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isCativaKeysError, VaultError } from '../../src/errors.js';
import { type AtomicWriteHook, removeTempFiles, writeFileAtomically } from './atomic-write.js';
import { FileVaultErrorCode } from './error-codes.js';
import { emptyVaultDocument, serializeVaultDocument, type VaultDocument } from './format.js';
import { acquireFileLock, DEFAULT_FILE_LOCK_OPTIONS, type FileLockOptions } from './lock.js';
import { parseVaultDocument } from './parse.js';

/** One vault file: where it is and how messages name it. */
export interface VaultFileRef {
  /** Absolute path of the file. */
  readonly path: string;
  /** Location label that errors are reported against. */
  readonly label: string;
}

/** Reads and writes whole vault files. */
export interface FileStore {
  /**
   * Reads the file without the lock: writers rename whole files into place, so a read sees one
   * complete version. A missing file reads as an empty vault. Throws `VaultError` when the file
   * cannot be read or is malformed.
   */
  read(file: VaultFileRef): Promise<VaultDocument>;
  /**
   * Read-modify-write under the file's lock. `change` gets the document as it is now and returns
   * the new one, or `undefined` to write nothing; errors it throws pass through unchanged and
   * nothing is written. Creates the directory (mode 0700) and the file (mode 0600) when missing.
   *
   * @returns true when the file was written
   */
  update(
    file: VaultFileRef,
    change: (doc: VaultDocument) => VaultDocument | undefined,
  ): Promise<boolean>;
}

/** Options of {@link createFileStore}; the defaults suit production. */
export interface FileStoreOptions {
  readonly lock?: FileLockOptions;
  /** Test hook run before each step of every atomic write. */
  readonly onWriteStep?: AtomicWriteHook;
}

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/** Symbolic links followed to a file that does not exist yet, at most. */
const MAX_DANGLING_LINKS = 16;

/**
 * The file a write must replace: the file a symbolic link points at rather than the link itself,
 * even when that file does not exist yet.
 */
async function resolveTarget(path: string): Promise<string> {
  let candidate = path;
  for (let hops = 0; hops <= MAX_DANGLING_LINKS; hops += 1) {
    try {
      return await realpath(candidate);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    const link = await lstat(candidate).catch(() => undefined);
    if (!link?.isSymbolicLink()) return candidate;
    candidate = resolve(dirname(candidate), await readlink(candidate));
  }
  return candidate;
}

async function readDocument(path: string, label: string): Promise<VaultDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return emptyVaultDocument();
    throw new VaultError(label, `cannot read vault file ${path}`, {
      cause: error,
      code: FileVaultErrorCode.readFailed,
    });
  }
  return parseVaultDocument(text, label, path);
}

/** Wraps a file-system error of a write; our own errors pass through. */
function writeFailure(error: unknown, label: string, path: string): unknown {
  if (isCativaKeysError(error)) return error;
  return new VaultError(label, `cannot write vault file ${path}`, {
    cause: error,
    code: FileVaultErrorCode.writeFailed,
  });
}

/** Builds a store; one per provider instance (it holds no state beyond its options). */
export function createFileStore(options: FileStoreOptions = {}): FileStore {
  const lockOptions = options.lock ?? DEFAULT_FILE_LOCK_OPTIONS;
  return {
    read: async (file) => readDocument(await resolveTarget(file.path), file.label),

    async update(file, change) {
      let target: string;
      try {
        target = await resolveTarget(file.path);
        await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      } catch (error) {
        throw writeFailure(error, file.label, file.path);
      }
      const held = await acquireFileLock(target, file.label, lockOptions);
      try {
        const next = change(await readDocument(target, file.label));
        if (!next) return false;
        // Holding the lock, no live writer owns a temp file: any there is a crashed writer's.
        await removeTempFiles(target).catch(() => 0);
        await writeFileAtomically(target, serializeVaultDocument(next), {
          ...(options.onWriteStep ? { onStep: options.onWriteStep } : {}),
          beforeRename: () => held.assertHeld(),
        });
        return true;
      } catch (error) {
        throw writeFailure(error, file.label, target);
      } finally {
        await held.release();
      }
    },
  };
}
