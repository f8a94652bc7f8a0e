import type { CativaIdentity } from '../cativa/types.js';
import type { Fingerprint } from '../secret.js';

/**
 * Audit statuses, most severe first: a key's status is the most severe of its findings.
 * `missing` is ours, beyond the design's table: a location that holds no key at all is neither
 * drift (there is nothing to compare) nor unreachable (the vault answered).
 */
export const AUDIT_STATUSES = [
  'dead',
  'wrong-tenant',
  'forbidden',
  'missing',
  'unreachable',
  'drift',
  'stale',
  'retire-overdue',
  'rotation-pending',
  'due',
  'ok',
] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

/** One thing the audit found about a key. */
export interface Finding {
  readonly status: Exclude<AuditStatus, 'ok'>;
  /** One line for people; names locations and fingerprints, never a value. */
  readonly message: string;
  /** Label of the location concerned, when it is about one. */
  readonly location?: string;
  /** Cativa's trace id, when the finding comes from a Cativa error. */
  readonly traceId?: string;
}

/** What the audit saw at one location. */
export interface LocationReport {
  readonly label: string;
  readonly role: 'primary' | 'replica';
  /** Fingerprint of the location's current key; undefined when empty or unreadable. */
  readonly fingerprint: Fingerprint | undefined;
  /** Why the location could not be read. */
  readonly error?: string;
}

/** The audit's verdict on one managed key. */
export interface KeyReport {
  readonly name: string;
  readonly tenant: string;
  readonly status: AuditStatus;
  readonly findings: readonly Finding[];
  /** Age of the primary's current key, in days (fractional); undefined when unknown. */
  readonly ageDays: number | undefined;
  /** True when the age is the vault's best native timestamp, not a time the tool recorded. */
  readonly ageEstimated: boolean;
  /** Fingerprint of the primary's current key. */
  readonly fingerprint: Fingerprint | undefined;
  readonly locations: readonly LocationReport[];
  /** Who Cativa says the key belongs to (no session tokens, no e-mail). */
  readonly identity: Pick<CativaIdentity, 'id' | 'customer' | 'role'> | undefined;
  /** ISO time the primary's pending key was staged, when one is pending (stuck-rotation alerts). */
  readonly pendingSince: string | undefined;
  /** The command that fixes the most severe finding, when there is one. */
  readonly next: string | undefined;
}

/** The whole audit. */
export interface AuditReport {
  /** ISO time the audit ran. */
  readonly generatedAt: string;
  readonly keys: readonly KeyReport[];
  /** Number of keys per status. */
  readonly summary: Readonly<Record<AuditStatus, number>>;
}
