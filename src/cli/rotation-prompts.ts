import { confirm, password } from '@inquirer/prompts';
import { CancelledError } from '../errors.js';
import type { CliIo } from './io.js';

/** The prompts rotation commands ask, behind a narrow port so tests can drive them. */
export interface RotationPrompts {
  /**
   * Reads a secret with hidden (masked) input. `validate` returns true or a message shown under
   * the prompt; the message never quotes the input. Throws `CancelledError` on Ctrl-C.
   */
  secret(message: string, validate: (value: string) => true | string): Promise<string>;
  /** Asks a yes/no question. Throws `CancelledError` on Ctrl-C. */
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
}

/** Builds the prompts a command uses from the process's streams. */
export type PromptsFactory = (io: CliIo) => RotationPrompts;

function isPromptExit(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}

async function guarded<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (isPromptExit(error)) throw new CancelledError('cancelled at the prompt', { cause: error });
    throw error;
  }
}

/**
 * The real prompts (@inquirer/prompts), reading the terminal on stdin and drawing on stderr, so
 * that stdout carries only results.
 */
export function inquirerPrompts(io: CliIo): RotationPrompts {
  const context = { input: io.stdin, output: io.stderr };
  return {
    // No ctrl+t reveal: the key must not appear on a shared or recorded screen.
    secret: (message, validate) =>
      guarded(() => password({ message, mask: '*', toggleMask: false, validate }, context)),
    confirm: (message, defaultValue) =>
      guarded(() => confirm({ message, default: defaultValue }, context)),
  };
}
