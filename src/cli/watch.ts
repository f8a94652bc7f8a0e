import { Command, InvalidArgumentError } from 'commander';
import { systemClock } from '../clock.js';
import { type CommandEnv, warn } from './io.js';

/** Signals that stop the watch gracefully; a second one stops it at once. */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

function timeZone(value: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    throw new InvalidArgumentError('--tz must be an IANA time zone such as Europe/Paris');
  }
}

/**
 * `cativa-keys watch`: audits on a cron schedule and sends the configured alerts, for teams not
 * on Lambda. One run at a time; SIGTERM/SIGINT finish the run in progress, then exit 0.
 */
export function watchCommand(env: CommandEnv): Command {
  return new Command('watch')
    .description('audit on a cron schedule and send alerts (for teams not on Lambda)')
    .option('--cron <expression>', 'when to run: 5 fields, or 6 with seconds first', '0 6 * * *')
    .option('--tz <zone>', 'IANA time zone of the expression (default: the system zone)', timeZone)
    .option('--run-on-start', 'run once at start, then on the schedule')
    .option('--once', 'run once now and exit: 0 all ok, 1 findings, 6 an alert channel failed')
    .option('--json', 'print one JSON object per line per event')
    .action(
      async (
        options: {
          cron: string;
          tz?: string;
          runOnStart?: boolean;
          once?: boolean;
          json?: boolean;
        },
        command: Command,
      ) => {
        const { io } = env;
        // Loaded here so that other commands never load cron and the alert channels.
        const { runWatch } = await import('../watch/run-watch.js');
        const controller = new AbortController();
        const onSignal = (signal: NodeJS.Signals) => {
          if (controller.signal.aborted) {
            warn(io, `${signal} again: stopping now, without waiting for the run in progress`);
            process.exit(130);
          }
          controller.abort(signal);
        };
        for (const s of STOP_SIGNALS) process.on(s, onSignal);
        try {
          env.exitCode = await runWatch(
            {
              cron: options.cron,
              timeZone: options.tz,
              runOnStart: options.runOnStart === true,
              once: options.once === true,
              json: options.json === true,
              config: command.optsWithGlobals<{ config?: string }>().config,
            },
            { io, clock: systemClock, stop: controller.signal },
          );
        } finally {
          for (const s of STOP_SIGNALS) process.off(s, onSignal);
        }
      },
    );
}
