import { execFileSync, spawn } from 'node:child_process';
import { inject } from 'vitest';
import { CLI_PATH } from './cli.js';

/** One exchange with the program: wait until the screen shows `waitFor`, then type `send`. */
export interface PtyStep {
  readonly waitFor: string | RegExp;
  readonly send: string;
}

export interface PtyResult {
  readonly code: number | null;
  /** Everything the terminal showed (stdout and stderr share the terminal), ANSI codes removed. */
  readonly screen: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]/g;

function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Fails with a clear message when util-linux `script` (which gives the CLI a pty) is missing. */
export function requireScript(): void {
  try {
    execFileSync('script', ['--version'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error('util-linux `script` is needed to drive the CLI through a pseudo-terminal', {
      cause: error,
    });
  }
}

/**
 * Runs the built CLI in a pseudo-terminal (util-linux `script`), typing each step's input only
 * once its prompt is on screen: by then the prompt has put the terminal in raw mode, so the
 * terminal does not echo what is typed and the screen shows only what the CLI printed.
 */
export function runCliInPty(
  args: readonly string[],
  steps: readonly PtyStep[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<PtyResult> {
  const buildError = inject('buildError');
  if (buildError) throw new Error(`the build failed, so the CLI cannot run:\n${buildError}`);
  const command = [process.execPath, CLI_PATH, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', TERM: 'dumb', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  let next = 0;
  let searchFrom = 0;
  const advance = () => {
    const screen = raw.replace(ANSI, '');
    const step = steps[next];
    if (!step) return;
    const rest = screen.slice(searchFrom);
    const at =
      typeof step.waitFor === 'string' ? rest.indexOf(step.waitFor) : rest.search(step.waitFor);
    if (at < 0) return;
    searchFrom += at + 1;
    next += 1;
    child.stdin.write(step.send);
    advance();
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    raw += d;
    advance();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    raw += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const screen = raw.replace(ANSI, '');
      if (next < steps.length) {
        reject(
          new Error(
            `the CLI ended (${code}) before showing ${String(steps[next]?.waitFor)}:\n${screen}`,
          ),
        );
      } else resolve({ code, screen });
    });
  });
}
