import { CronJob } from 'cron';
import type { Clock } from '../clock.js';

/** Options of {@link startSchedule}. */
export interface ScheduleOptions {
  /** Cron expression: 5 fields, or 6 with seconds first (`0 6 * * *`: daily at 06:00). */
  readonly cron: string;
  /** IANA time zone the expression is read in; default: the system's. */
  readonly timeZone?: string | undefined;
  /** One run. It must not throw; a rejection is passed to `onError`. */
  readonly run: () => Promise<void>;
  /** A tick came while the previous run was still going; that tick is skipped. */
  readonly onSkip: (at: Date) => void;
  readonly onError: (error: unknown) => void;
  /** Stamps skipped ticks. (The cron package keeps its own time for firing.) */
  readonly clock: Clock;
}

/** A running schedule. */
export interface Schedule {
  /** Runs now, unless a run is going (then counts as a skip). Resolves when that run ends. */
  runNow(): Promise<void>;
  /** When the next tick is due. */
  nextRun(): Date;
  /** Stops ticking, then waits for the run in progress, if any, to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `run` on a cron schedule with at most one run at a time: a tick that finds a run going is
 * skipped and reported, never queued, so a slow audit never piles up behind itself.
 * Throws the cron package's error for an invalid expression or time zone.
 */
export function startSchedule(options: ScheduleOptions): Schedule {
  let inFlight: Promise<void> | undefined;
  const tick = (): Promise<void> => {
    if (inFlight) {
      options.onSkip(options.clock.now());
      return Promise.resolve();
    }
    const current = options
      .run()
      .catch(options.onError)
      .finally(() => {
        inFlight = undefined;
      });
    inFlight = current;
    return current;
  };
  const job = CronJob.from({
    cronTime: options.cron,
    onTick: () => {
      void tick();
    },
    start: false,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  job.start();
  return {
    runNow: tick,
    nextRun: () => job.nextDate().toJSDate(),
    async stop() {
      await job.stop();
      await inFlight;
    },
  };
}
