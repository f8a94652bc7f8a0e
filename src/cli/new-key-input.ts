import type { Command } from 'commander';
import { describeKeyFormatProblem } from '../cativa/key-format.js';
import { UsageError } from '../errors.js';
import { MalformedKeyError } from '../rotation/errors.js';
import { Secret } from '../secret.js';
import type { CliIo } from './io.js';
import type { RotationPrompts } from './rotation-prompts.js';

/** The flags that say where a new key comes from. The key itself is never a flag value. */
export interface NewKeyFlags {
  /** Read the key from stdin (a pipe). */
  readonly newKeyStdin?: boolean;
  /** Read the key from this environment variable (its name, not its value). */
  readonly newKeyEnv?: string;
}

/** Where the new key will be read from. */
export type NewKeySource = 'stdin' | 'env' | 'prompt';

/** Largest stdin accepted for a key, in bytes: a key is 44 characters. */
const MAX_STDIN_BYTES = 4096;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LOOKS_LIKE_KEY = /^\s*['"]?cativa_/i;

/**
 * True when a raw command-line token carries something that looks like a Cativa key: the token
 * itself, the value after `=` in `--opt=value`, or a value glued to a short option (`-cVALUE`).
 */
export function argumentLooksLikeKey(token: string): boolean {
  const candidates = [token, token.replace(/^--?[^=]*=/, ''), token.replace(/^-[A-Za-z]/, '')];
  return candidates.some((c) => LOOKS_LIKE_KEY.test(c));
}

/** The refusal for a key on the command line; never quotes it. */
export function keyArgumentError(where: string): UsageError {
  return new UsageError(
    `${where} looks like a Cativa key: keys are never taken as command-line arguments, ` +
      'because arguments land in shell history and process lists. Pipe the key with ' +
      '--new-key-stdin, name an environment variable holding it with --new-key-env VAR, or ' +
      'type it at the hidden prompt. Consider that key exposed: revoke it in the Cativa Console.',
  );
}

/**
 * Refuses any argument or option value that looks like a Cativa key, and any unexpected extra
 * argument (commands allow unknown options only so that commander never echoes them). Never
 * quotes the offending value.
 */
export function refuseKeyArguments(command: Command, declaredArgs: number): void {
  const options = Object.entries(command.opts()).filter(([, v]) => typeof v === 'string');
  const tokens = [...command.args];
  const keyLike = [
    ...tokens.map((t, i) => ({ where: tokenName(t, i), value: t.replace(/^--?[^=]*=/, '') })),
    ...options.map(([name, v]) => ({ where: `the value of --${kebab(name)}`, value: String(v) })),
  ].find((t) => LOOKS_LIKE_KEY.test(t.value));
  if (keyLike) throw keyArgumentError(keyLike.where);
  const extra = tokens.slice(declaredArgs);
  if (extra.length > 0) {
    const first = /^(--?[A-Za-z][A-Za-z0-9-]*)(=|$)/.exec(extra[0] ?? '');
    throw new UsageError(
      first
        ? `unknown option '${first[1]}' for '${command.name()}' (see --help)`
        : `'${command.name()}' got an unexpected extra argument (not shown; see --help)`,
    );
  }
}

/** `option --foo` for `--foo=...`, `argument 2` otherwise; never the value. */
function tokenName(token: string, index: number): string {
  const option = /^(--?[A-Za-z][A-Za-z0-9-]*)=/.exec(token);
  return option ? `the value of ${option[1]}` : `argument ${index + 1}`;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Decides where the new key comes from, or fails before anything is read (exit code 2). */
export function newKeySource(io: CliIo, flags: NewKeyFlags): NewKeySource {
  if (flags.newKeyStdin && flags.newKeyEnv !== undefined) {
    throw new UsageError('use either --new-key-stdin or --new-key-env, not both');
  }
  if (flags.newKeyStdin) {
    if (io.stdin.isTTY) {
      throw new UsageError(
        '--new-key-stdin reads a pipe, and stdin is a terminal (the key would be echoed): ' +
          'leave the flag out to type the key at a hidden prompt',
      );
    }
    return 'stdin';
  }
  if (flags.newKeyEnv !== undefined) {
    if (!ENV_NAME.test(flags.newKeyEnv)) {
      throw new UsageError('--new-key-env takes the name of an environment variable, e.g. NEW_KEY');
    }
    return 'env';
  }
  if (!io.stdin.isTTY) {
    throw new UsageError(
      'no terminal to ask for the new key on: pass --new-key-stdin (and pipe the key) or ' +
        '--new-key-env VAR (with the key in $VAR); add --yes to skip confirmations',
    );
  }
  return 'prompt';
}

/**
 * Reads the new key from its source and checks its format before anything is staged; throws
 * {@link MalformedKeyError} with what is wrong, never the value. One trailing line break (from
 * `echo` or a file) is dropped; any other white space is an error.
 */
export async function readNewKey(
  io: CliIo,
  keyName: string,
  source: NewKeySource,
  flags: NewKeyFlags,
  prompts: RotationPrompts,
): Promise<Secret> {
  let raw: string;
  if (source === 'stdin') raw = stripLineBreak(await readStdin(io));
  else if (source === 'env') {
    raw = io.env[flags.newKeyEnv ?? ''] ?? '';
    if (raw === '')
      throw new UsageError(`environment variable ${flags.newKeyEnv} is not set or empty`);
    raw = stripLineBreak(raw);
  } else {
    raw = await prompts.secret(`New key for '${keyName}' (input hidden):`, (value) => {
      return describeKeyFormatProblem(value) ?? true;
    });
  }
  const problem = describeKeyFormatProblem(raw);
  if (problem) throw new MalformedKeyError(keyName, problem);
  return new Secret(raw);
}

function stripLineBreak(text: string): string {
  return text.replace(/\r?\n$/, '');
}

async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) {
      throw new UsageError(`stdin holds more than ${MAX_STDIN_BYTES} bytes: pipe the key alone`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
