import type { AuditStatus } from '../audit/types.js';

/** Alert severities, most severe first. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * What an alert item is about: an audit status, or one of the two rotation troubles the alerts
 * add: a rotation pending longer than allowed (`rotation-stuck`) and a rotation whose new key
 * failed validation or promotion (`rotation-failed`).
 */
export type AlertStatus = Exclude<AuditStatus, 'ok'> | 'rotation-stuck' | 'rotation-failed';

/**
 * The severity of each status. Critical: the key is unusable or past its limit (stale, dead,
 * wrong tenant first, as people act on those first). Warning: something needs a person soon.
 * Info: a heads-up. A rotation pending for less than the configured time is not alerted at all
 * (someone is in the middle of it), so it has no entry here.
 */
export const STATUS_SEVERITY: Readonly<Record<Exclude<AlertStatus, 'rotation-pending'>, Severity>> =
  {
    stale: 'critical',
    dead: 'critical',
    'wrong-tenant': 'critical',
    forbidden: 'critical',
    missing: 'critical',
    'rotation-failed': 'critical',
    drift: 'warning',
    unreachable: 'warning',
    'retire-overdue': 'warning',
    'rotation-stuck': 'warning',
    due: 'info',
  };

/** Order of statuses inside a severity group: the "stale/dead/wrong-tenant first". */
export const STATUS_ORDER: readonly AlertStatus[] = [
  'stale',
  'dead',
  'wrong-tenant',
  'forbidden',
  'missing',
  'rotation-failed',
  'drift',
  'unreachable',
  'retire-overdue',
  'rotation-stuck',
  'rotation-pending',
  'due',
];

/** 0 for the most severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is `min` or more severe. */
export function atLeast(severity: Severity, min: Severity): boolean {
  return severityRank(severity) <= severityRank(min);
}
