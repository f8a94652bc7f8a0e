import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/** The built file vault that child processes import (the global setup builds `dist/`). */
const BUILT_FILE_VAULT = fileURLToPath(
  new URL('../../dist/providers/file/index.js', import.meta.url),
);

/** Absolute path of a script in `test/support/`. */
export function supportScript(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/**
 * Throws when the file vault was not built: child processes run plain Node on `dist/`. A build
 * with type errors elsewhere still emits, so only a missing file stops these tests.
 */
export function requireBuiltFileVault(): void {
  if (existsSync(BUILT_FILE_VAULT)) return;
  const buildError = inject('buildError');
  throw new Error(`dist/providers/file/index.js is missing; build output:\n${buildError ?? ''}`);
}

/** How a child process ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** A Node child process that talks in lines on stdin and stdout. */
export interface LineChild {
  /** The next line the child prints; rejects when it exits first. */
  nextLine(): Promise<string>;
  /** Lines printed but not yet taken by {@link LineChild.nextLine}; empties the buffer. */
  drain(): string[];
  send(line: string): void;
  kill(signal: NodeJS.Signals): void;
  readonly exited: Promise<ChildExit>;
}

/** Starts `node <script>` with `env` added to this process's environment. */
export function startLineChild(script: string, env: Record<string, string>): LineChild {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const lines: string[] = [];
  const waiters: Array<{ resolve(line: string): void; reject(error: Error): void }> = [];
  let ended = false;
  const exited = new Promise<ChildExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  const output = createInterface({ input: child.stdout });
  output.on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(line);
    else lines.push(line);
  });
  output.on('close', () => {
    ended = true;
    for (const waiter of waiters.splice(0)) {
      waiter.reject(new Error(`the child exited before printing a line; stderr:\n${stderr}`));
    }
  });
  return {
    nextLine: () => {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.reject(new Error(`the child has exited; stderr:\n${stderr}`));
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    drain: () => lines.splice(0),
    send: (line) => {
      child.stdin.write(`${line}\n`);
    },
    kill: (signal) => {
      child.kill(signal);
    },
    exited,
  };
}
