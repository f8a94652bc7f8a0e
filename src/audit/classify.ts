import type { LocationSnapshot } from '../../providers/types.js';
import type { AuthMeOutcome } from '../cativa/types.js';
import { DAY_MS } from '../clock.js';
import type { ManagedKey } from '../config/schema.js';
import { describeError } from '../errors.js';
import { formatFingerprint, sameFingerprint } from '../secret.js';
import { nextCommand } from './next-command.js';
import { AUDIT_STATUSES, type Finding, type KeyReport, type LocationReport } from './types.js';

/** What was read about one location: a snapshot or the error that prevented it. */
export interface LocationObservation {
  readonly label: string;
  readonly snapshot?: LocationSnapshot;
  readonly error?: Error;
}

/** The answer of `/auth/me` for a key, or why there is none. */
export interface CheckObservation {
  readonly outcome?: AuthMeOutcome;
  readonly error?: Error;
}

/** Everything the audit learnt about one key; the first location is the primary. */
export interface KeyObservation {
  readonly key: ManagedKey;
  readonly now: Date;
  readonly locations: readonly LocationObservation[];
  /** `/auth/me` for the primary's current key; absent when there was no key to check. */
  readonly current?: CheckObservation;
  /** `/auth/me` for the primary's previous key; only asked once the grace period is over. */
  readonly previous?: CheckObservation;
}

/** True when the previous key should have been revoked by now (so it is worth checking). */
export function retireCheckDue(key: ManagedKey, primary: LocationSnapshot, now: Date): boolean {
  if (!primary.previous || !primary.promotedAt) return false;
  return (
    now.getTime() - primary.promotedAt.getTime() >= key.effectivePolicy.retireGraceDays * DAY_MS
  );
}

function traceIdOf(error: Error): string | undefined {
  const traceId = (error as { traceId?: unknown }).traceId;
  return typeof traceId === 'string' ? traceId : undefined;
}

function checkFindings(key: ManagedKey, check: CheckObservation, label: string): Finding[] {
  if (check.error) {
    const traceId = traceIdOf(check.error);
    return [
      {
        status: 'unreachable',
        message: `Cativa could not validate the key: ${describeError(check.error)}`,
        location: label,
        ...(traceId ? { traceId } : {}),
      },
    ];
  }
  const outcome = check.outcome;
  if (!outcome) return [];
  const trace = (t: string | undefined) => (t ? { traceId: t } : {});
  switch (outcome.kind) {
    case 'unauthorized':
      return [
        {
          status: 'dead',
          message: 'Cativa answers 401: the key is revoked, expired or mistyped',
          location: label,
          ...trace(outcome.problem.traceId),
        },
      ];
    case 'forbidden':
      return [
        {
          status: 'forbidden',
          message: 'Cativa answers 403: the key is valid but lacks permission',
          location: label,
          ...trace(outcome.problem.traceId),
        },
      ];
    case 'valid': {
      const { identity } = outcome;
      const found: Finding[] = [];
      if (identity.customer !== key.tenant) {
        found.push({
          status: 'wrong-tenant',
          message: `the key belongs to tenant '${identity.customer}', expected '${key.tenant}'`,
          location: label,
        });
      }
      if (key.userId !== undefined && identity.id !== key.userId) {
        found.push({
          status: 'wrong-tenant',
          message: `the key belongs to user ${identity.id}, expected ${key.userId}`,
          location: label,
        });
      }
      if (key.role !== undefined && identity.role !== key.role) {
        found.push({
          status: 'wrong-tenant',
          message: `the key's user has role '${identity.role ?? '(none)'}', expected '${key.role}'`,
          location: label,
        });
      }
      return found;
    }
  }
}

/** Classifies one key from its observations. Pure: the same observations give the same report. */
export function classifyKey(obs: KeyObservation): KeyReport {
  const { key, now } = obs;
  const policy = key.effectivePolicy;
  const findings: Finding[] = [];
  const locations: LocationReport[] = obs.locations.map((loc, i) => ({
    label: loc.label,
    role: i === 0 ? 'primary' : 'replica',
    fingerprint: loc.snapshot?.current?.fingerprint,
    ...(loc.error ? { error: describeError(loc.error) } : {}),
  }));

  for (const loc of obs.locations) {
    if (loc.error) {
      findings.push({
        status: 'unreachable',
        message: `the vault could not be read: ${describeError(loc.error)}`,
        location: loc.label,
      });
    } else if (!loc.snapshot?.current) {
      findings.push({ status: 'missing', message: 'no key is stored here', location: loc.label });
    }
  }

  const primaryObs = obs.locations[0];
  const primary = primaryObs?.snapshot;
  const current = primary?.current;
  if (primaryObs && primary) {
    if (obs.current) findings.push(...checkFindings(key, obs.current, primaryObs.label));
    if (primary.pending) {
      const promoted = obs.locations
        .slice(1)
        .filter((l) =>
          sameFingerprint(l.snapshot?.current?.fingerprint, primary.pending?.fingerprint),
        );
      findings.push({
        status: 'rotation-pending',
        message:
          `a new key ${formatFingerprint(primary.pending.fingerprint)} is staged` +
          (promoted.length > 0
            ? ` and already promoted to ${promoted.length} replica(s): the promotion did not finish`
            : ' and waits for validation and promotion'),
        location: primaryObs.label,
      });
    }
    if (current) {
      for (const loc of obs.locations.slice(1)) {
        const fp = loc.snapshot?.current?.fingerprint;
        if (!fp || sameFingerprint(fp, current.fingerprint)) continue;
        if (sameFingerprint(fp, primary.pending?.fingerprint)) continue; // reported as rotation-pending
        findings.push({
          status: 'drift',
          message: `holds ${formatFingerprint(fp)} but the primary holds ${formatFingerprint(current.fingerprint)}`,
          location: loc.label,
        });
      }
    }
    if (obs.previous?.outcome?.kind === 'valid' && primary.promotedAt && primary.previous) {
      const days = Math.floor((now.getTime() - primary.promotedAt.getTime()) / DAY_MS);
      findings.push({
        status: 'retire-overdue',
        message: `the old key ${formatFingerprint(primary.previous.fingerprint)} still answers 200, ${days} days after promotion; revoke it in the Cativa Console`,
        location: primaryObs.label,
      });
    }
  }

  const ageMs = current?.storedAt ? now.getTime() - current.storedAt.getTime() : undefined;
  if (ageMs !== undefined) {
    const days = Math.floor(ageMs / DAY_MS);
    if (ageMs >= policy.maxAgeDays * DAY_MS) {
      findings.push({
        status: 'stale',
        message: `${days} days old; the limit is ${policy.maxAgeDays}`,
      });
    } else if (ageMs >= policy.warnAgeDays * DAY_MS) {
      findings.push({
        status: 'due',
        message: `${days} days old; rotate before ${policy.maxAgeDays}`,
      });
    }
  }

  findings.sort((a, b) => AUDIT_STATUSES.indexOf(a.status) - AUDIT_STATUSES.indexOf(b.status));
  const status = findings[0]?.status ?? 'ok';
  const identity =
    obs.current?.outcome?.kind === 'valid' ? obs.current.outcome.identity : undefined;
  return {
    name: key.name,
    tenant: key.tenant,
    status,
    findings,
    ageDays: ageMs === undefined ? undefined : ageMs / DAY_MS,
    ageEstimated: current?.storedAtEstimated ?? false,
    fingerprint: current?.fingerprint,
    locations,
    identity: identity
      ? { id: identity.id, customer: identity.customer, role: identity.role }
      : undefined,
    pendingSince: primary?.pending?.storedAt?.toISOString(),
    next: nextCommand(key.name, status),
  };
}
