import { type AuditDeps, runAudit } from '../audit/run-audit.js';
import type { AuditReport } from '../audit/types.js';
import type { ManagedKey } from '../config/schema.js';
import { type AuditMetrics, auditMetrics } from './audit-metrics.js';
import type { AlertChannel, ChannelResult } from './channel.js';
import type { AlertsConfig } from './config.js';
import { buildAuditDigest, hoursToMs } from './digest.js';
import type { AlertDigest, AlertSource } from './digest-types.js';
import { type DispatchOptions, dispatchAlert } from './dispatch.js';

/** What a scheduled run needs: the audit's graph plus the alert channels. */
export interface AuditRunDeps extends AuditDeps {
  readonly alerts: AlertsConfig;
  readonly channels: readonly AlertChannel[];
}

/** Options of one run. */
export interface AuditRunOptions {
  /** Keys validated at once. */
  readonly concurrency: number;
  readonly source: AlertSource;
  /** Told about each failed delivery attempt (for logs). */
  readonly onAttemptFailed?: DispatchOptions['onAttemptFailed'];
}

/** Everything one run produced; safe to log and return (no secrets, hashes cut from alerts). */
export interface AuditRunOutcome {
  readonly report: AuditReport;
  /** The alert sent, or undefined when no finding reached `alerts.minSeverity`. */
  readonly digest: AlertDigest | undefined;
  /** One per channel; empty when no alert was due or no channel is configured. */
  readonly alerts: readonly ChannelResult[];
  readonly metrics: AuditMetrics;
}

/**
 * One scheduled run, the same for the Lambda and `watch`: audits every key, builds the digest
 * (only findings at or above the minimum severity; rotations pending too long become
 * `rotation-stuck`), sends it to every channel, and computes the metrics. It throws only when
 * the audit itself cannot run; vault and Cativa failures are findings, channel failures results.
 */
export async function auditAndAlert(
  keys: readonly ManagedKey[],
  deps: AuditRunDeps,
  options: AuditRunOptions,
): Promise<AuditRunOutcome> {
  const report = await runAudit(keys, deps, { concurrency: options.concurrency });
  const staged = new Map(report.keys.map((k) => [k.name, k.pendingSince]));
  const pendingSince = (name: string) => {
    const since = staged.get(name);
    return since === undefined ? undefined : new Date(since);
  };
  const stuckAfterMs = hoursToMs(deps.alerts.rotationStuckAfterHours);
  const now = new Date(report.generatedAt).getTime();
  const stuckRotations = report.keys.filter((k) => {
    if (!k.findings.some((f) => f.status === 'rotation-pending')) return false;
    const since = pendingSince(k.name);
    return since !== undefined && now - since.getTime() >= stuckAfterMs;
  }).length;

  const digest = buildAuditDigest(report, {
    minSeverity: deps.alerts.minSeverity,
    rotationStuckAfterMs: stuckAfterMs,
    pendingSince,
    source: options.source,
  });
  const alerts =
    digest && deps.channels.length > 0
      ? await dispatchAlert(digest, deps.channels, {
          retries: deps.alerts.retries,
          retryBaseMs: deps.alerts.retryBaseMs,
          timeoutMs: deps.alerts.timeoutMs,
          ...(options.onAttemptFailed ? { onAttemptFailed: options.onAttemptFailed } : {}),
        })
      : [];
  return {
    report,
    digest,
    alerts,
    metrics: auditMetrics(report, {
      stuckRotations,
      alertFailures: alerts.filter((a) => !a.ok).length,
    }),
  };
}
