import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/** Absolute path of the built CLI entry point. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with the given args, env additions and stdin. */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; stdin?: string; cwd?: string } = {},
): Promise<CliResult> {
  return runBuiltScript(CLI_PATH, args, options);
}

/**
 * Runs a script that imports the built `dist/` (the CLI, or a runner around it) in a child
 * process, feeding `stdin` and collecting its output; resolves when the process is gone.
 */
export async function runBuiltScript(
  script: string,
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; stdin?: string; cwd?: string } = {},
): Promise<CliResult> {
  const buildError = inject('buildError');
  if (buildError) throw new Error(`the build failed, so the CLI cannot run:\n${buildError}`);
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
