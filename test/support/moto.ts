import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll } from 'vitest';

/** The moto server binary (moto's "server mode"), looked up on PATH. */
const MOTO_BINARY = 'moto_server';
/** How long moto may take to answer after it was started, in milliseconds. */
const START_TIMEOUT_MS = 20_000;

/** A running moto server. */
export interface MotoServer {
  /** e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  /** Forgets every resource (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** True when `moto_server` is on PATH. */
export function motoAvailable(): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, MOTO_BINARY), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Whether the moto tests run here: yes when `moto_server` is installed. Without it they are
 * skipped with a loud message, except in CI (`CI` set), where the absence fails the run.
 */
export function motoTestsEnabled(): boolean {
  if (motoAvailable()) return true;
  const message = `${MOTO_BINARY} is not on PATH: the AWS Secrets Manager tests cannot run (install it with: pip install 'moto[server]')`;
  if (process.env.CI) throw new Error(`${message}. CI must run them.`);
  console.warn(`\n*** SKIPPING AWS TESTS: ${message} ***\n`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${MOTO_BINARY} exited with ${child.exitCode}`);
    const ok = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${MOTO_BINARY} did not answer within ${START_TIMEOUT_MS} ms`);
}

/** Starts `moto_server` on a free loopback port and waits until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const child = spawn(MOTO_BINARY, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    endpoint,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset answered ${res.status}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Starts moto before the file's tests and stops it after; call at the top of a test file that
 * only runs when {@link motoTestsEnabled}. Returns a getter for the running server.
 */
export function useMoto(): () => MotoServer {
  let moto: MotoServer | undefined;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });
  return () => {
    if (!moto) throw new Error('moto is not running');
    return moto;
  };
}

/** Dummy credentials and region for moto; it accepts any. */
export const MOTO_REGION = 'us-east-1';

/** A real SDK client pointed at moto, with dummy credentials and few retries. */
export function motoClient(endpoint: string, region = MOTO_REGION): SecretsManager {
  return new SecretsManager({
    endpoint,
    region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 2,
  });
}
