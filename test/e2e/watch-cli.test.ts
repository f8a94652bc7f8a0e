import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { CLI_PATH, runCli } from '../support/cli.js';
import { type AlertBench, expectNoCanary, startAlertBench } from '../support/receiver-bench.js';

interface Event {
  event: string;
  [field: string]: unknown;
}

/** The CLI as a long-running process, with its JSON events as they come. */
function spawnWatch(args: readonly string[], env: Record<string, string>) {
  const buildError = inject('buildError');
  if (buildError) throw new Error(`the build failed, so the CLI cannot run:\n${buildError}`);
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI_PATH, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const events: Event[] = [];
  let stdout = '';
  let stderr = '';
  let waiters: (() => void)[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    const lines = stdout.split('\n');
    events.length = 0;
    for (const line of lines) if (line.startsWith('{')) events.push(JSON.parse(line) as Event);
    for (const w of waiters) w();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  /** Resolves once `done(events)` holds; fails if the process exits first. */
  const until = (done: (events: readonly Event[]) => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (done(events)) {
          waiters = waiters.filter((w) => w !== check);
          resolve();
        }
      };
      waiters.push(check);
      exited.then(() => reject(new Error(`exited before ${what}:\n${stdout}\n${stderr}`)));
      check();
    });
  return { child, events, until, exited, output: () => stdout + stderr };
}

const count = (events: readonly Event[], name: string) =>
  events.filter((e) => e.event === name).length;

describe('CLI: cativa-keys watch', () => {
  let bench: AlertBench;

  beforeAll(async () => {
    bench = await startAlertBench({ clock: systemClock });
  });

  afterAll(async () => {
    await bench?.close();
  });

  it('runs on ticks, skips a tick that overlaps a run, and stops on SIGTERM after the run in progress', async () => {
    // Each run takes at least two sequential answers of 600 ms, so a 1-second tick lands in it.
    bench.sim.setLatency(600);
    bench.slack.requests.length = 0;
    const watch = spawnWatch(
      ['watch', '--cron', '* * * * * *', '--run-on-start', '--json', '--config', bench.configPath],
      bench.env,
    );
    try {
      await watch.until(
        (e) => count(e, 'run') >= 2 && count(e, 'skipped') >= 1,
        'two runs and a skip',
      );
      const started = count(watch.events, 'run-started');
      await watch.until((e) => count(e, 'run-started') > started, 'another run started');
      watch.child.kill('SIGTERM');
      const { code, signal } = await watch.exited;
      const events = watch.events;

      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(events[0]).toMatchObject({ event: 'watching', cron: '* * * * * *' });
      const stopping = events.findIndex((e) => e.event === 'stopping');
      expect(events[stopping]).toMatchObject({ signal: 'SIGTERM' });
      // The run in progress at SIGTERM finished before the process stopped.
      expect(events.slice(stopping).map((e) => e.event)).toEqual(['stopping', 'run', 'stopped']);
      expect(count(events, 'run')).toBe(count(events, 'run-started'));
      expect(events.at(-1)).toEqual({
        event: 'stopped',
        runs: count(events, 'run'),
        skipped: count(events, 'skipped'),
      });
      // Never two runs at once: every run-started follows the previous run's end.
      const order = events.filter((e) => e.event === 'run-started' || e.event === 'run');
      order.forEach((e, i) => {
        expect(e.event).toBe(i % 2 === 0 ? 'run-started' : 'run');
      });
      const run = events.find((e) => e.event === 'run');
      expect(run).toMatchObject({ keysAudited: 10, exitCode: 1 });
      expect(bench.slack.requests).toHaveLength(count(events, 'run'));
      expectNoCanary(watch.output(), bench.canaries, 'watch output');
      for (const r of bench.slack.requests) expectNoCanary(r.body, bench.canaries, 'Slack payload');
    } finally {
      bench.sim.setLatency(0);
      if (watch.child.exitCode === null) watch.child.kill('SIGKILL');
    }
  });

  it('exits 6 with --once when a channel fails, and the other channel still gets the alert', async () => {
    bench.slack.alwaysAnswer(500);
    bench.hook.requests.length = 0;
    try {
      const result = await runCli(['watch', '--once', '--json', '--config', bench.configPath], {
        env: bench.env,
      });
      expect(result.code).toBe(6);
      const run = result.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Event)
        .find((e) => e.event === 'run');
      expect(run).toMatchObject({ exitCode: 6, metrics: { AlertFailures: 1 } });
      expect(run?.channels).toEqual([
        expect.objectContaining({ channel: 'team-slack', ok: false, attempts: 3 }),
        expect.objectContaining({ channel: 'pager', ok: true, attempts: 1 }),
      ]);
      expect(bench.hook.requests).toHaveLength(1);
      expectNoCanary(result.stdout + result.stderr, bench.canaries, 'watch --once output');
    } finally {
      bench.slack.alwaysAnswer(undefined);
    }
  });

  it('exits 2 on a cron expression it cannot read', async () => {
    const result = await runCli(['watch', '--cron', 'every day', '--config', bench.configPath]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--cron is not a cron expression');
    expect(result.stderr).not.toContain('every day');
  });
});
