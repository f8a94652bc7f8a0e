import type { AuditReport, AuditStatus } from '../audit/types.js';

/**
 * The numbers of one run, as published to CloudWatch (EMF, namespace `CativaKeys`) and printed
 * by `watch --json`. Key counts count keys with at least one finding of the status, so a key
 * both dead and stale counts in both. All are counts except `MaxKeyAgeDays` (days).
 */
export interface AuditMetrics {
  readonly KeysAudited: number;
  readonly StaleKeys: number;
  readonly DueKeys: number;
  readonly DeadKeys: number;
  readonly ForbiddenKeys: number;
  readonly WrongTenantKeys: number;
  readonly DriftedKeys: number;
  readonly MissingKeys: number;
  readonly RetireOverdueKeys: number;
  /** Rotations pending longer than `alerts.rotationStuckAfterHours`. */
  readonly StuckRotations: number;
  /** Age of the oldest primary key, in whole days; absent when no age is known. */
  readonly MaxKeyAgeDays?: number;
  /** Keys that could not be fully audited (a vault or Cativa unreachable). */
  readonly AuditFailures: number;
  /** Channels that failed to deliver this run's alert. */
  readonly AlertFailures: number;
  /** 1 per completed run: the dead-man's switch alarm fires when it stops coming. */
  readonly AuditRuns: number;
}

function keysWith(report: AuditReport, status: AuditStatus): number {
  return report.keys.filter((k) => k.findings.some((f) => f.status === status)).length;
}

/** Computes the metrics of a run from its report and what the run derived from it. */
export function auditMetrics(
  report: AuditReport,
  derived: { readonly stuckRotations: number; readonly alertFailures: number },
): AuditMetrics {
  const ages = report.keys.flatMap((k) => (k.ageDays === undefined ? [] : [k.ageDays]));
  return {
    KeysAudited: report.keys.length,
    StaleKeys: keysWith(report, 'stale'),
    DueKeys: keysWith(report, 'due'),
    DeadKeys: keysWith(report, 'dead'),
    ForbiddenKeys: keysWith(report, 'forbidden'),
    WrongTenantKeys: keysWith(report, 'wrong-tenant'),
    DriftedKeys: keysWith(report, 'drift'),
    MissingKeys: keysWith(report, 'missing'),
    RetireOverdueKeys: keysWith(report, 'retire-overdue'),
    StuckRotations: derived.stuckRotations,
    ...(ages.length > 0 ? { MaxKeyAgeDays: Math.floor(Math.max(...ages)) } : {}),
    AuditFailures: keysWith(report, 'unreachable'),
    AlertFailures: derived.alertFailures,
    AuditRuns: 1,
  };
}
