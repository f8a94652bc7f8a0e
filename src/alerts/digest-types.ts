import type { AlertStatus, Severity } from './severity.js';

/** One finding inside an alert item, cleaned for people (no fingerprint hash, no secret). */
export interface AlertFinding {
  readonly status: AlertStatus;
  readonly message: string;
  /** Label of the location concerned, when the finding is about one. */
  readonly location?: string;
  /** Cativa's correlation id, to quote when asking Cativa about it. */
  readonly traceId?: string;
}

/** One key that needs attention. */
export interface AlertItem {
  /** The key's name as in the Cativa Console. */
  readonly key: string;
  readonly tenant: string;
  /** The most severe status among the item's findings. */
  readonly status: AlertStatus;
  readonly severity: Severity;
  /** Age of the primary's current key, in whole days; undefined when unknown. */
  readonly ageDays: number | undefined;
  /** True when the age is the vault's native timestamp (an estimate). */
  readonly ageEstimated: boolean;
  /** e.g. `cativa_live_…3e4f`: the last 4 characters at most, never a hash. */
  readonly fingerprint: string | undefined;
  /** Location labels, the primary first. */
  readonly locations: readonly string[];
  readonly findings: readonly AlertFinding[];
  /** The exact command that fixes it, e.g. `cativa-keys rotate 'Sync HubSpot prod'`. */
  readonly fix: string | undefined;
}

/** Items of one severity, most urgent status first. */
export interface AlertGroup {
  readonly severity: Severity;
  readonly items: readonly AlertItem[];
}

/** What sent the alert. */
export type AlertSource = 'lambda' | 'watch' | 'cli' | 'rotation';

/**
 * One alert: the digest of one audit run (`cativa-keys.audit.digest`) or one failed rotation
 * (`cativa-keys.rotation.failure`). This is also the generic webhook's JSON body.
 */
export interface AlertDigest {
  readonly type: 'cativa-keys.audit.digest' | 'cativa-keys.rotation.failure';
  /** Version of this shape; bumped on incompatible changes. */
  readonly version: 1;
  /** Unique per alert; receivers can drop duplicates delivered by retries. */
  readonly id: string;
  /** ISO time of the audit or failure. */
  readonly generatedAt: string;
  readonly source: AlertSource;
  /** One line, e.g. `cativa-keys: 3 keys need attention (2 critical, 1 warning)`. */
  readonly title: string;
  /** Keys audited in the run (1 for a rotation failure). */
  readonly keysAudited: number;
  /** Items per severity. */
  readonly counts: Readonly<Record<Severity, number>>;
  /** Non-empty groups, most severe first. */
  readonly groups: readonly AlertGroup[];
}
