import { formatDuration } from '../rotation/duration.js';
import type { PromotionReport } from '../rotation/promote.js';
import type {
  IdentitySummary,
  LocationPlan,
  RotationEvent,
  RotationObservation,
} from '../rotation/types.js';
import { type Fingerprint, formatFingerprint } from '../secret.js';

/** A fingerprint for people, or `(empty)`. */
export function fp(value: Fingerprint | undefined): string {
  return value ? formatFingerprint(value) : '(empty)';
}

/** One stderr line per engine event. */
export function progressLine(event: RotationEvent): string {
  switch (event.type) {
    case 'staged':
      return `staged ${fp(event.key)} in pending at ${event.location}`;
    case 'already-staged':
      return `${fp(event.key)} is already pending at ${event.location}: continuing`;
    case 'validating':
      return `validating ${fp(event.key)} with Cativa (/social/v1/auth/me)...`;
    case 'validated':
      return `valid: ${identityText(event.identity)}`;
    case 'written':
      return `wrote ${fp(event.key)} to ${event.location}`;
    case 'skipped':
      return `${event.location} already holds ${fp(event.key)}: skipped`;
    case 'promoted':
      return `promoted ${fp(event.key)} at ${event.location} (old key kept in previous)`;
    case 'verified':
      return `read back: all ${event.locations} locations hold ${fp(event.key)}`;
    case 'checking-revocation':
      return `checking that the old key ${fp(event.key)} answers 401...`;
    case 'retired':
      return `cleared previous (${fp(event.key)}) at ${event.location}`;
    case 'discarded':
      return `discarded pending ${fp(event.key)} at ${event.location}`;
  }
}

/** `tenant 'Acme', user 3f2…, role admin`. */
export function identityText(identity: IdentitySummary): string {
  return `tenant '${identity.customer}', user ${identity.id}, role ${identity.role ?? '(none)'}`;
}

/** Rows of cells, each column padded to its widest cell, indented by two spaces. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map(
    (row) =>
      `  ${row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}`,
  );
}

/** The state machine position, per-location fingerprints and the next command. */
export function statusLines(observation: RotationObservation, now: Date): string[] {
  const { primary } = observation;
  const lines = [`key: ${observation.keyName}`, `phase: ${observation.phase}`];
  if (observation.rotationId) lines.push(`rotation: ${observation.rotationId}`);
  lines.push(
    ...table(
      observation.locations.map((l) => [
        l.role,
        l.label,
        `current ${fp(l.current)}${l.holdsPending ? '  (holds the pending key)' : ''}`,
      ]),
    ),
  );
  lines.push(`  pending   ${fp(primary.pending)}`, `  previous  ${fp(primary.previous)}`);
  if (primary.promotedAt) {
    const ago = formatDuration(now.getTime() - primary.promotedAt.getTime());
    lines.push(`  promoted  ${primary.promotedAt.toISOString()} (${ago} ago)`);
  }
  if (observation.drift) lines.push('drift: the locations hold different keys');
  lines.push(
    `next: ${observation.next.command ?? '(nothing)'}`,
    `  ${observation.next.explanation}`,
  );
  return lines;
}

/** The JSON form of an observation (`--json`). */
export function statusJson(observation: RotationObservation): Record<string, unknown> {
  return {
    key: observation.keyName,
    phase: observation.phase,
    rotationId: observation.rotationId ?? null,
    primary: {
      label: observation.primary.label,
      current: observation.primary.current ?? null,
      pending: observation.primary.pending ?? null,
      previous: observation.primary.previous ?? null,
      promotedAt: observation.primary.promotedAt?.toISOString() ?? null,
    },
    locations: observation.locations.map((l) => ({ ...l, current: l.current ?? null })),
    drift: observation.drift,
    next: observation.next,
  };
}

/** The per-location plan of a `--dry-run`. */
export function planLines(plan: readonly LocationPlan[]): string[] {
  const verbs: Record<LocationPlan['action'], string> = {
    write: 'would write',
    promote: 'would promote',
    'stage-and-promote': 'would stage, then promote',
    skip: 'would skip (already holds)',
  };
  return [
    'dry run: nothing was written',
    ...table(
      plan.map((p) => [p.role, p.label, `${fp(p.before)} -> ${fp(p.after)}`, verbs[p.action]]),
    ),
  ];
}

/** The outcome of a promotion, per location. */
export function promotionLines(report: PromotionReport): string[] {
  const head =
    report.status === 'promoted'
      ? `promoted ${fp(report.newKey)} for '${report.keyName}' to ${report.locations.length} location(s)`
      : `'${report.keyName}' was already promoted to ${fp(report.newKey)}`;
  return [
    head,
    ...table(report.locations.map((l) => [l.role, l.label, `was ${fp(l.before)}`, l.result])),
  ];
}

/** What the person does after a promotion: revoke the old key by hand, then run retire. */
export function revocationLines(
  keyName: string,
  oldKey: Fingerprint | undefined,
  retire: string,
): string[] {
  return [
    'next, by hand:',
    `  1. In the Cativa Console, Developers > API Keys, revoke the old key of '${keyName}':`,
    `     the one ending in ${oldKey ? `${oldKey.hint.slice(-4)} (sha256:${oldKey.sha256})` : '(unknown)'}.`,
    `  2. Then run: ${retire}`,
    '     (it checks that the old key answers 401, then clears it from previous)',
  ];
}

/** `Sync HubSpot prod 2026-12`: the name suggested for the new key in the Console (UTC month). */
export function suggestedKeyName(keyName: string, now: Date): string {
  const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  return `${keyName} ${month}`;
}

/** What the person does in the Cativa Console to create the new key. */
export function creationLines(
  key: { name: string; tenant: string; userId?: string | undefined; role?: string | undefined },
  now: Date,
): string[] {
  const user = [key.userId && `user ${key.userId}`, key.role && `role ${key.role}`].filter(Boolean);
  return [
    'Create the new key in the Cativa Console:',
    `  1. Sign in to the tenant '${key.tenant}'${user.length ? ` as ${user.join(', ')}` : ''}.`,
    '  2. Open Developers > API Keys > Create.',
    `  3. Name it: ${suggestedKeyName(key.name, now)}`,
    '  4. Copy the key: Cativa shows it only once. Paste it at the prompt below (input is hidden);',
    '     it is saved to the pending slot at once, before anything else is done with it.',
  ];
}
