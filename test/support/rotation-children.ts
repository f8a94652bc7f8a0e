import { fileURLToPath } from 'node:url';
import { type CliResult, runBuiltScript } from './cli.js';

/** The crash runner: the built CLI, killed with SIGKILL right after its Nth vault write. */
export const CRASH_RUNNER = fileURLToPath(new URL('./rotation-crash-runner.mjs', import.meta.url));

/** Runs `cativa-keys <args>` under the crash runner; resolves when the process is gone. */
export function runCrashingCli(
  killAfterWrites: number,
  args: readonly string[],
  options: { stdin?: string; cwd?: string } = {},
): Promise<CliResult> {
  return runBuiltScript(CRASH_RUNNER, [String(killAfterWrites), ...args], options);
}
