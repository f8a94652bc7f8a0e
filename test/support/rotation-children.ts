import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { CliResult } from './cli.js';

/** The crash runner: the built CLI, killed with SIGKILL right after its Nth vault write. */
export const CRASH_RUNNER = fileURLToPath(new URL('./rotation-crash-runner.mjs', import.meta.url));

/** Runs `cativa-keys <args>` under the crash runner; resolves when the process is gone. */
export function runCrashingCli(
  killAfterWrites: number,
  args: readonly string[],
  options: { stdin?: string; cwd?: string } = {},
): Promise<CliResult> {
  const buildError = inject('buildError');
  if (buildError) throw new Error(`the build failed, so the CLI cannot run:\n${buildError}`);
  const child = spawn(process.execPath, [CRASH_RUNNER, String(killAfterWrites), ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1' },
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
