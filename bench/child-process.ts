import { fork, spawn } from 'node:child_process';

/**
 * Runs `modulePath` in a fresh Node process and resolves with the one message it sends
 * (`process.send`). Rejects with the tail of its stderr when it exits without one.
 */
export function forkForMessage<T>(
  modulePath: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(modulePath, [...args], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let message: { value: T } | undefined;
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.on('message', (m) => {
      message = { value: m as T };
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (message) resolve(message.value);
      else
        reject(new Error(`${modulePath} exited (${signal ?? code}) without a result: ${stderr}`));
    });
  });
}

/** What {@link timedSpawn} saw. */
export interface TimedRun {
  /** From spawning to the exit event, in milliseconds. */
  readonly wallMs: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a whole process and times it from spawn to exit: what a person or a scheduler waits for.
 * Asynchronous, so that local servers in this process keep answering the child meanwhile.
 */
export function timedSpawn(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, [...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ wallMs: performance.now() - start, code, stdout, stderr });
    });
  });
}
