/** What a command may touch of the process: injected so tests can run commands in-process. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** What a command gets: the process's streams and a place to put its exit code. */
export interface CommandEnv {
  readonly io: CliIo;
  /** Set by a command that ends without an error but with a non-zero outcome (audit findings). */
  exitCode: number;
}

/** The real process. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Writes one line to stdout. */
export function say(io: CliIo, line = ''): void {
  io.stdout.write(`${line}\n`);
}

/** Writes one line to stderr (progress, warnings, errors). */
export function warn(io: CliIo, line: string): void {
  io.stderr.write(`${line}\n`);
}

/** Writes a JSON document to stdout, for `--json`. */
export function sayJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
