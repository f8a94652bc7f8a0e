import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Permissions of the vault file and of every temp file: owner read and write only. */
export const VAULT_FILE_MODE = 0o600;

/** The steps of an atomic write, in order; a hook may run before each (tests crash there). */
export type AtomicWriteStep =
  | 'open-temp'
  | 'write-temp'
  | 'fsync-temp'
  | 'close-temp'
  | 'rename'
  | 'fsync-dir'
  | 'done';

/** Called before each step with the temp file's path; a throw aborts the write there. */
export type AtomicWriteHook = (
  step: AtomicWriteStep,
  info: { readonly tempPath: string },
) => void | Promise<void>;

/** Options of {@link writeFileAtomically}. */
export interface AtomicWriteOptions {
  /** Test hook: runs before each step. Production code passes none. */
  readonly onStep?: AtomicWriteHook;
  /** Called just before the rename; a throw aborts the write (e.g. the lock was lost). */
  readonly beforeRename?: () => void;
}

/** Prefix and suffix of this target's temp files: `.vault.json.<pid>-<random>.tmp`. */
function tempNameParts(target: string): { prefix: string; suffix: string } {
  return { prefix: `.${basename(target)}.`, suffix: '.tmp' };
}

/** True when `name` is one of `target`'s temp files, whoever wrote it. */
export function isTempFileOf(target: string, name: string): boolean {
  const { prefix, suffix } = tempNameParts(target);
  return name.startsWith(prefix) && name.endsWith(suffix) && name.length > prefix.length + 4;
}

/**
 * Writes `data` to `target` so that a crash at any point leaves either the old or the new
 * content: write a temp file in the same directory (mode 0600), fsync it, rename it over the
 * target, fsync the directory so the rename itself is durable. On failure the temp file is
 * removed; a crash leaves it behind, and {@link removeTempFiles} cleans it up later.
 */
export async function writeFileAtomically(
  target: string,
  data: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const { prefix, suffix } = tempNameParts(target);
  const dir = dirname(target);
  const tempPath = join(dir, `${prefix}${process.pid}-${randomBytes(6).toString('hex')}${suffix}`);
  const step = async (name: AtomicWriteStep) => options.onStep?.(name, { tempPath });
  let renamed = false;
  try {
    await step('open-temp');
    // `wx`: never follow or reuse an existing path; the mode applies before any byte is written.
    const handle = await open(tempPath, 'wx', VAULT_FILE_MODE);
    try {
      // The umask can only remove bits; chmod makes the mode exactly 0600 whatever it is.
      await handle.chmod(VAULT_FILE_MODE);
      await step('write-temp');
      await handle.writeFile(data, 'utf8');
      await step('fsync-temp');
      await handle.sync();
      await step('close-temp');
    } finally {
      await handle.close();
    }
    await step('rename');
    options.beforeRename?.();
    await rename(tempPath, target);
    renamed = true;
    await step('fsync-dir');
    await syncDirectory(dir);
    await step('done');
  } finally {
    if (!renamed) await rm(tempPath, { force: true }).catch(() => undefined);
  }
}

/** Makes a rename in `dir` durable. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Removes temp files that crashed writers left next to `target`. Call only while holding the
 * vault's lock: then no live writer owns one.
 *
 * @returns how many were removed
 */
export async function removeTempFiles(target: string): Promise<number> {
  const names = await readdir(dirname(target));
  const leftovers = names.filter((name) => isTempFileOf(target, name));
  await Promise.all(leftovers.map((name) => rm(join(dirname(target), name), { force: true })));
  return leftovers.length;
}
