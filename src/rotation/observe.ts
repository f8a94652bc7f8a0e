import type { BoundLocation } from '../../providers/registry.js';
import type { LocationSnapshot } from '../../providers/types.js';
import type { ManagedKey } from '../config/schema.js';
import { type Fingerprint, formatFingerprint, sameFingerprint } from '../secret.js';
import { commandLine } from './commands.js';
import { rotationIdFor } from './rotation-id.js';
import type {
  LocationView,
  NextStep,
  RotationObservation,
  RotationPhase,
  RotationState,
  RotationTarget,
} from './types.js';

/** Reads every location of the target (in parallel) and derives the rotation state. */
export async function readRotationState(target: RotationTarget): Promise<RotationState> {
  const snapshots = await Promise.all(
    target.locations.map((bound) => bound.provider.read(bound.location)),
  );
  return {
    observation: describeRotation(
      target.key.name,
      target.locations.map((l) => l.label),
      snapshots,
    ),
    snapshots,
  };
}

/**
 * Observes where the rotation of `key` stands, from its vaults only: the phase, each location's
 * fingerprint and the command to run next. Reads, never writes.
 */
export async function observeRotation(
  key: ManagedKey,
  locations: readonly BoundLocation[],
): Promise<RotationObservation> {
  return (await readRotationState({ key, locations })).observation;
}

/**
 * The pure part of {@link observeRotation}: derives the observation from one snapshot per
 * location (`labels[0]` and `snapshots[0]` are the primary's).
 */
export function describeRotation(
  keyName: string,
  labels: readonly string[],
  snapshots: readonly LocationSnapshot[],
): RotationObservation {
  const primary = snapshots[0];
  const primaryLabel = labels[0];
  if (!primary || primaryLabel === undefined) {
    throw new TypeError(`key '${keyName}' has no primary location`);
  }
  const pending = primary.pending?.fingerprint;
  const previous = primary.previous?.fingerprint;
  const current = primary.current?.fingerprint;
  const locations: LocationView[] = snapshots.map((snapshot, i) => ({
    label: labels[i] ?? `location ${i}`,
    role: i === 0 ? 'primary' : 'replica',
    current: snapshot.current?.fingerprint,
    holdsPending: sameFingerprint(snapshot.current?.fingerprint, pending),
  }));
  const phase = phaseOf(pending, previous, locations);
  const rotationKey = pending ?? (phase === 'promoted-awaiting-retire' ? current : undefined);
  return {
    keyName,
    phase,
    rotationId: rotationKey ? rotationIdFor(keyName, rotationKey) : undefined,
    primary: { label: primaryLabel, current, pending, previous, promotedAt: primary.promotedAt },
    locations,
    drift: hasDrift(locations),
    next: nextStep(keyName, phase, primaryLabel, pending, previous, locations),
  };
}

/**
 * True when the primary already holds the pending key as current because a promotion stopped
 * inside the primary's own write (vaults whose promote is not one atomic write): every location
 * holds the pending key and the old key is in previous. The same slots without previous mean a
 * person staged the current key again, which validation refuses.
 */
export function promotedAtPrimary(observation: RotationObservation): boolean {
  const { pending, previous } = observation.primary;
  return (
    pending !== undefined &&
    previous !== undefined &&
    observation.locations.every((l) => l.holdsPending)
  );
}

function phaseOf(
  pending: Fingerprint | undefined,
  previous: Fingerprint | undefined,
  locations: readonly LocationView[],
): RotationPhase {
  if (pending) {
    // The primary holding the pending key before any promotion moved the old one to previous
    // means the current key itself was staged: nothing is being promoted.
    const primaryHolds = locations[0]?.holdsPending === true;
    const started = locations.some((l) => l.holdsPending) && (!primaryHolds || previous);
    return started ? 'promoting' : 'staged';
  }
  return previous ? 'promoted-awaiting-retire' : 'idle';
}

/** Locations disagree beyond a promotion under way: distinct current keys other than pending. */
function hasDrift(locations: readonly LocationView[]): boolean {
  const keys = new Set(
    locations.filter((l) => !l.holdsPending).map((l) => l.current?.sha256 ?? '(empty)'),
  );
  return keys.size > 1;
}

function nextStep(
  keyName: string,
  phase: RotationPhase,
  primary: string,
  pending: Fingerprint | undefined,
  previous: Fingerprint | undefined,
  locations: readonly LocationView[],
): NextStep {
  switch (phase) {
    case 'staged':
      return {
        command: commandLine('promote', keyName),
        explanation:
          `the new key ${describe(pending)} is staged at ${primary}: promote validates it with ` +
          `Cativa and writes it to every location (\`${commandLine('abort', keyName)}\` discards it)`,
      };
    case 'promoting': {
      const done = locations.filter((l) => l.holdsPending).length;
      return {
        command: commandLine('resume', keyName),
        explanation:
          `a promotion of ${describe(pending)} stopped part-way (${done} of ${locations.length} ` +
          'locations hold it): resume re-validates it and finishes the promotion',
      };
    }
    case 'promoted-awaiting-retire':
      if (hasDrift(locations)) {
        return {
          command: commandLine('resume', keyName),
          explanation:
            'the primary holds the new key but not every replica does: resume writes it there; ' +
            `do not revoke the old key ${describe(previous)} before that`,
        };
      }
      return {
        command: commandLine('retire', keyName),
        explanation:
          `revoke the old key ${describe(previous)} in the Cativa Console (Developers > API Keys), ` +
          'then retire checks that it answers 401 and clears it',
      };
    case 'idle':
      return {
        command: commandLine('rotate', keyName),
        explanation: hasDrift(locations)
          ? 'no rotation in progress, but the locations hold different keys: a rotation writes one new key to all of them'
          : 'no rotation in progress: rotate when the key is due',
      };
  }
}

function describe(fp: Fingerprint | undefined): string {
  return fp ? formatFingerprint(fp) : '(none)';
}
