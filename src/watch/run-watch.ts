import { buildAuditGraph } from '../alerts/audit-graph.js';
import { auditAndAlert } from '../alerts/audit-run.js';
import { sanitizeText } from '../alerts/sanitize.js';
import type { CliIo } from '../cli/io.js';
import { say, warn } from '../cli/io.js';
import type { Clock } from '../clock.js';
import { ExitCode, isCativaKeysError, UsageError } from '../errors.js';
import { describeEvent, runEvent, runExitCode, type WatchEvent } from './events.js';
import { type Schedule, startSchedule } from './scheduler.js';

/** What `cativa-keys watch` was asked for. */
export interface WatchOptions {
  /** Cron expression, 5 fields or 6 with seconds first. */
  readonly cron: string;
  /** IANA time zone; default: the system's. */
  readonly timeZone?: string | undefined;
  readonly runOnStart: boolean;
  /** Run once now and return its exit code. */
  readonly once: boolean;
  readonly json: boolean;
  /** `--config`; undefined: `CATIVA_KEYS_CONFIG`, then `./cativa-keys.yaml`. */
  readonly config?: string | undefined;
}

/** What the watch loop touches: the CLI's streams, a clock, and the signal that stops it. */
export interface WatchDeps {
  readonly io: CliIo;
  readonly clock: Clock;
  /** Aborted (with the signal's name as reason) to stop after the run in progress. */
  readonly stop: AbortSignal;
}

function errorSummary(error: unknown): { name: string; code?: string; message: string } {
  if (isCativaKeysError(error)) {
    return { name: error.name, code: error.code, message: sanitizeText(error.message) };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return { name, message: `unexpected ${name}` };
}

/**
 * The watch loop: loads the config once (a bad config exits 2 at once), then audits and alerts
 * on the cron schedule, one run at a time, printing one event per line (JSON with `--json`).
 * Returns the exit code: 0 after a graceful stop; with `--once`, the run's own code.
 */
export async function runWatch(options: WatchOptions, deps: WatchDeps): Promise<number> {
  const { io, clock } = deps;
  const graph = await buildAuditGraph({ env: io.env, cwd: io.cwd, clock }, options.config);
  const emit = (event: WatchEvent) => {
    if (options.json) {
      say(io, JSON.stringify(event));
      return;
    }
    say(io, describeEvent(event));
    if (event.event === 'run') {
      for (const c of event.channels.filter((r) => !r.ok)) {
        warn(io, `${c.error?.message ?? c.channel} (after ${c.attempts} attempt(s))`);
      }
    }
  };

  let runs = 0;
  let skipped = 0;
  let lastExit: number = ExitCode.ok;
  const oneRun = async () => {
    const startedAt = clock.now();
    emit({ event: 'run-started', at: startedAt.toISOString() });
    try {
      const outcome = await auditAndAlert(graph.keys, graph, {
        concurrency: graph.loaded.config.audit.concurrency,
        source: 'watch',
      });
      emit(runEvent(outcome, startedAt, clock.now()));
      lastExit = runExitCode(outcome);
    } catch (error) {
      emit({ event: 'run-failed', startedAt: startedAt.toISOString(), error: errorSummary(error) });
      lastExit = isCativaKeysError(error) ? error.exitCode : ExitCode.internal;
    }
    runs += 1;
  };

  if (options.once) {
    await oneRun();
    return lastExit;
  }

  let schedule: Schedule;
  try {
    schedule = startSchedule({
      cron: options.cron,
      timeZone: options.timeZone,
      clock,
      run: oneRun,
      onSkip: (at) => {
        skipped += 1;
        emit({ event: 'skipped', at: at.toISOString(), reason: 'the previous run is still going' });
      },
      onError: (error) => warn(io, `watch: ${errorSummary(error).message}`),
    });
  } catch (error) {
    // Neither the value nor the library's message is repeated: both echo what was typed.
    throw new UsageError("--cron is not a cron expression of 5 or 6 fields; e.g. '0 6 * * *'", {
      cause: error,
    });
  }
  emit({
    event: 'watching',
    cron: options.cron,
    timeZone: options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    nextRun: schedule.nextRun().toISOString(),
  });
  if (options.runOnStart) void schedule.runNow();

  await new Promise<void>((resolve) => {
    if (deps.stop.aborted) resolve();
    else deps.stop.addEventListener('abort', () => resolve(), { once: true });
  });
  emit({ event: 'stopping', signal: String(deps.stop.reason) });
  await schedule.stop();
  emit({ event: 'stopped', runs, skipped });
  return ExitCode.ok;
}
