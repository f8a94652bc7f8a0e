import type { AuditMetrics } from '../alerts/audit-metrics.js';
import type { AuditRunOutcome } from '../alerts/audit-run.js';
import type { ChannelResult } from '../alerts/channel.js';
import { ALERT_FAILED_EXIT_CODE } from '../alerts/errors.js';
import type { AuditStatus } from '../audit/types.js';
import { ExitCode } from '../errors.js';

/** What `watch --json` prints, one JSON object per line. */
export type WatchEvent =
  | {
      readonly event: 'watching';
      readonly cron: string;
      readonly timeZone: string;
      /** ISO time of the next tick. */
      readonly nextRun: string;
    }
  | { readonly event: 'run-started'; readonly at: string }
  | {
      readonly event: 'run';
      readonly startedAt: string;
      readonly finishedAt: string;
      readonly keysAudited: number;
      /** Keys per status, non-zero only. */
      readonly statuses: Partial<Record<AuditStatus, number>>;
      /** The alert's title, or null when none was due. */
      readonly alert: string | null;
      readonly channels: readonly ChannelResult[];
      readonly metrics: AuditMetrics;
      /** What `--once` would exit with: 0 all ok, 1 findings, 6 a channel failed. */
      readonly exitCode: number;
    }
  | {
      readonly event: 'run-failed';
      readonly startedAt: string;
      readonly error: { readonly name: string; readonly code?: string; readonly message: string };
    }
  | { readonly event: 'skipped'; readonly at: string; readonly reason: string }
  | { readonly event: 'stopping'; readonly signal: string }
  | { readonly event: 'stopped'; readonly runs: number; readonly skipped: number };

/** The exit code of one run: a channel failure beats findings. */
export function runExitCode(outcome: AuditRunOutcome): number {
  if (outcome.alerts.some((a) => !a.ok)) return ALERT_FAILED_EXIT_CODE;
  return outcome.report.keys.every((k) => k.status === 'ok') ? ExitCode.ok : ExitCode.findings;
}

/** The `run` event of a finished run. */
export function runEvent(outcome: AuditRunOutcome, startedAt: Date, finishedAt: Date): WatchEvent {
  return {
    event: 'run',
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    keysAudited: outcome.report.keys.length,
    statuses: Object.fromEntries(
      Object.entries(outcome.report.summary).filter(([, n]) => n > 0),
    ) as Partial<Record<AuditStatus, number>>,
    alert: outcome.digest?.title ?? null,
    channels: outcome.alerts,
    metrics: outcome.metrics,
    exitCode: runExitCode(outcome),
  };
}

/** One line for people per event (the default output). */
export function describeEvent(e: WatchEvent): string {
  switch (e.event) {
    case 'watching':
      return `watching: cron '${e.cron}' (${e.timeZone}); next run at ${e.nextRun}`;
    case 'run-started':
      return `${e.at}  audit started`;
    case 'run': {
      const attention = e.keysAudited - (e.statuses.ok ?? 0);
      const sent = e.channels.filter((c) => c.ok).map((c) => c.channel);
      const alert =
        e.alert === null
          ? 'no alert due'
          : e.channels.length === 0
            ? 'no alert channel configured'
            : sent.length > 0
              ? `alert sent to ${sent.join(', ')}`
              : 'alert due, no channel delivered it';
      return `${e.finishedAt}  audited ${e.keysAudited} key(s), ${attention} need attention; ${alert}`;
    }
    case 'run-failed':
      return `${e.startedAt}  the audit could not run: ${e.error.message}`;
    case 'skipped':
      return `${e.at}  tick skipped: ${e.reason}`;
    case 'stopping':
      return `${e.signal}: finishing the run in progress, then stopping`;
    case 'stopped':
      return `stopped after ${e.runs} run(s), ${e.skipped} tick(s) skipped`;
  }
}
