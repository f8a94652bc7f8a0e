import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AuditMetrics } from '../alerts/audit-metrics.js';
import type { AuditRunOutcome } from '../alerts/audit-run.js';
import type { ChannelResult } from '../alerts/channel.js';
import type { AuditStatus } from '../audit/types.js';

/** What the handler returns: a summary of the run, without any secret. */
export interface AuditSummary {
  /** ISO time of the audit. */
  readonly generatedAt: string;
  readonly keysAudited: number;
  /** Number of keys per status, non-zero ones only. */
  readonly statuses: Partial<Record<AuditStatus, number>>;
  /** The alert's title, when one was due. */
  readonly alert: string | undefined;
  readonly channels: readonly ChannelResult[];
  readonly metrics: AuditMetrics;
  /** False when a key could not be fully audited or a channel failed. */
  readonly ok: boolean;
}

/** Adds the run's metrics to the Powertools metrics (published by the caller). */
export function addRunMetrics(metrics: Metrics, values: AuditMetrics): void {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'number') metrics.addMetric(name, MetricUnit.Count, value);
  }
}

/**
 * Logs the run: one line per key that is not `ok` (findings with Cativa traceIds), one per
 * failed channel, and a summary line. Messages are cleaned again by the logger's replacer.
 */
export function logRun(logger: Logger, outcome: AuditRunOutcome): void {
  for (const key of outcome.report.keys) {
    if (key.status === 'ok') continue;
    const level = key.findings.some((f) => f.status === 'unreachable') ? 'error' : 'warn';
    logger[level]('key needs attention', {
      key: key.name,
      tenant: key.tenant,
      status: key.status,
      ageDays: key.ageDays === undefined ? undefined : Math.floor(key.ageDays),
      findings: key.findings.map((f) => ({
        status: f.status,
        message: f.message,
        location: f.location,
        traceId: f.traceId,
      })),
      next: key.next,
    });
  }
  for (const result of outcome.alerts) {
    if (!result.ok) logger.error('alert channel failed', { ...result });
  }
  logger.info('audit finished', {
    keysAudited: outcome.report.keys.length,
    summary: outcome.report.summary,
    alert: outcome.digest?.title ?? null,
    channels: outcome.alerts.map((a) => ({ channel: a.channel, ok: a.ok, attempts: a.attempts })),
  });
}

/** The handler's return value. */
export function summarize(outcome: AuditRunOutcome): AuditSummary {
  const statuses = Object.fromEntries(
    Object.entries(outcome.report.summary).filter(([, n]) => n > 0),
  ) as Partial<Record<AuditStatus, number>>;
  return {
    generatedAt: outcome.report.generatedAt,
    keysAudited: outcome.report.keys.length,
    statuses,
    alert: outcome.digest?.title,
    channels: outcome.alerts,
    metrics: outcome.metrics,
    ok: outcome.metrics.AuditFailures === 0 && outcome.metrics.AlertFailures === 0,
  };
}
