import { CancelledError, UsageError } from '../errors.js';
import type { CliIo } from './io.js';
import type { RotationPrompts } from './rotation-prompts.js';

/**
 * Fails before anything is done when a confirmation will be needed but cannot be asked: no
 * terminal on stdin (or stdin carries the key), and no `--yes`. Exit code 2, never a hang.
 */
export function requireConfirmable(
  io: CliIo,
  options: { yes?: boolean; stdinTaken?: boolean },
  what: string,
): void {
  if (options.yes) return;
  if (options.stdinTaken || !io.stdin.isTTY) {
    throw new UsageError(
      `${what} asks for confirmation, and there is no terminal to ask on: pass --yes to confirm in advance`,
    );
  }
}

/** Asks `question` unless `yes`; a "no" throws `CancelledError` with `whenDeclined`. */
export async function confirmStep(
  prompts: RotationPrompts,
  yes: boolean | undefined,
  question: string,
  whenDeclined: string,
  defaultValue = true,
): Promise<void> {
  if (yes) return;
  if (!(await prompts.confirm(question, defaultValue))) throw new CancelledError(whenDeclined);
}
