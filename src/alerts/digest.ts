import { randomUUID } from 'node:crypto';
import type { AuditReport, Finding, KeyReport } from '../audit/types.js';
import type {
  AlertDigest,
  AlertFinding,
  AlertGroup,
  AlertItem,
  AlertSource,
} from './digest-types.js';
import { sanitizeText } from './sanitize.js';
import {
  type AlertStatus,
  atLeast,
  SEVERITIES,
  type Severity,
  STATUS_ORDER,
  STATUS_SEVERITY,
  severityRank,
} from './severity.js';

const HOUR_MS = 3_600_000;

/** How a digest is built from an audit. */
export interface DigestOptions {
  readonly minSeverity: Severity;
  /** A rotation pending longer than this is `rotation-stuck`, in milliseconds. */
  readonly rotationStuckAfterMs: number;
  /** When the primary's pending key of a key was stored, by key name (undefined: unknown). */
  readonly pendingSince: (keyName: string) => Date | undefined;
  readonly source: AlertSource;
  /** Default: a random UUID. */
  readonly id?: string;
}

function wholeHours(ms: number): number {
  return Math.floor(ms / HOUR_MS);
}

/** Turns an audit finding into an alert finding, deciding whether a pending rotation is stuck. */
function alertFinding(
  finding: Finding,
  now: Date,
  pendingSince: Date | undefined,
  stuckAfterMs: number,
): { finding: AlertFinding; severity: Severity } | undefined {
  let status: AlertStatus = finding.status;
  let message = sanitizeText(finding.message);
  let severity: Severity;
  if (finding.status === 'rotation-pending') {
    if (pendingSince === undefined) {
      severity = 'info';
      message = `${message}; the vault does not say since when`;
    } else {
      const pendingMs = now.getTime() - pendingSince.getTime();
      if (pendingMs < stuckAfterMs) return undefined;
      status = 'rotation-stuck';
      severity = STATUS_SEVERITY['rotation-stuck'];
      message = `${message}; pending for ${wholeHours(pendingMs)} hours (limit ${wholeHours(stuckAfterMs)})`;
    }
  } else {
    severity = STATUS_SEVERITY[finding.status];
  }
  return {
    severity,
    finding: {
      status,
      message,
      ...(finding.location ? { location: finding.location } : {}),
      ...(finding.traceId ? { traceId: finding.traceId } : {}),
    },
  };
}

function statusRank(status: AlertStatus): number {
  return STATUS_ORDER.indexOf(status);
}

/** The alert item of one key, or undefined when none of its findings reaches `minSeverity`. */
export function alertItemOf(
  report: KeyReport,
  now: Date,
  options: Pick<DigestOptions, 'minSeverity' | 'rotationStuckAfterMs' | 'pendingSince'>,
): AlertItem | undefined {
  const kept = report.findings
    .map((f) =>
      alertFinding(f, now, options.pendingSince(report.name), options.rotationStuckAfterMs),
    )
    .filter(
      (f): f is NonNullable<typeof f> =>
        f !== undefined && atLeast(f.severity, options.minSeverity),
    )
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        statusRank(a.finding.status) - statusRank(b.finding.status),
    );
  const top = kept[0];
  if (!top) return undefined;
  return {
    key: report.name,
    tenant: report.tenant,
    status: top.finding.status,
    severity: top.severity,
    ageDays: report.ageDays === undefined ? undefined : Math.floor(report.ageDays),
    ageEstimated: report.ageEstimated,
    fingerprint: report.fingerprint?.hint,
    locations: report.locations.map((l) => l.label),
    findings: kept.map((k) => k.finding),
    fix: report.next ? sanitizeText(report.next) : undefined,
  };
}

/** Groups items by severity, most severe group and most urgent status first. */
export function groupItems(items: readonly AlertItem[]): AlertGroup[] {
  return SEVERITIES.map((severity) => ({
    severity,
    items: items
      .filter((i) => i.severity === severity)
      .sort((a, b) => statusRank(a.status) - statusRank(b.status) || a.key.localeCompare(b.key)),
  })).filter((g) => g.items.length > 0);
}

/** Counts items per severity. */
export function countItems(items: readonly AlertItem[]): Record<Severity, number> {
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const item of items) counts[item.severity] += 1;
  return counts;
}

/** `2 critical, 1 warning`: the non-zero counts. */
export function describeCounts(counts: Readonly<Record<Severity, number>>): string {
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

/**
 * The one digest of an audit run, or undefined when no finding reaches `minSeverity` (no alert
 * is sent then). A rotation pending longer than `rotationStuckAfterMs` becomes `rotation-stuck`;
 * a younger one is left out (someone is in the middle of it).
 */
export function buildAuditDigest(
  report: AuditReport,
  options: DigestOptions,
): AlertDigest | undefined {
  const now = new Date(report.generatedAt);
  const items = report.keys
    .map((k) => alertItemOf(k, now, options))
    .filter((i): i is AlertItem => i !== undefined);
  if (items.length === 0) return undefined;
  const counts = countItems(items);
  const noun = items.length === 1 ? 'key needs' : 'keys need';
  return {
    type: 'cativa-keys.audit.digest',
    version: 1,
    id: options.id ?? randomUUID(),
    generatedAt: report.generatedAt,
    source: options.source,
    title: `cativa-keys: ${items.length} ${noun} attention (${describeCounts(counts)})`,
    keysAudited: report.keys.length,
    counts,
    groups: groupItems(items),
  };
}

/** Milliseconds in `hours`; for `rotationStuckAfterHours`. */
export function hoursToMs(hours: number): number {
  return hours * HOUR_MS;
}
