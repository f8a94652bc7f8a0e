import { ConflictError, ExitCode, isCativaKeysError } from '../errors.js';
import {
  type Fingerprint,
  fingerprintOf,
  formatFingerprint,
  type Secret,
  sameFingerprint,
} from '../secret.js';
import { commandLine } from './commands.js';
import { SameKeyError } from './errors.js';
import { readRotationState } from './observe.js';
import { rotationIdFor } from './rotation-id.js';
import type { RotationDeps, RotationObservation, RotationTarget } from './types.js';
import { assertKeyFormat } from './validate.js';

/** What {@link stageKey} did. */
export interface StageOutcome {
  /**
   * `staged`: written to pending now; `already-staged`: the same key was already pending (a
   * resumed rotation); `already-promoted`: the key is already current, its old key awaits retire.
   */
  readonly status: 'staged' | 'already-staged' | 'already-promoted';
  readonly key: Fingerprint;
  readonly rotationId: string;
  /** Label of the primary. */
  readonly location: string;
}

/**
 * Step 1: writes the new key to the primary's `pending` slot before anything else is done with
 * it (Cativa shows a key once). The pending slot is the rotation lock: a different key already
 * pending is refused with a `ConflictError` naming its fingerprint. Idempotent: staging the key
 * already pending succeeds without a write. Checks the format first; nothing else (validation
 * comes after staging, so a key that fails it stays pending for inspection).
 */
export async function stageKey(
  target: RotationTarget,
  newKey: Secret,
  deps: RotationDeps,
): Promise<StageOutcome> {
  const name = target.key.name;
  assertKeyFormat(name, newKey);
  const key = fingerprintOf(newKey);
  const rotationId = rotationIdFor(name, key);
  const primary = target.locations[0];
  if (!primary) throw new TypeError(`key '${name}' has no primary location`);
  const outcome = (status: StageOutcome['status']): StageOutcome => ({
    status,
    key,
    rotationId,
    location: primary.label,
  });

  // Only the primary is read: a replica that cannot be read must not stop the key (shown once by
  // Cativa) from being persisted; replicas matter from promotion on.
  const primaryOnly: RotationTarget = { key: target.key, locations: [primary] };
  const before = (await readRotationState(primaryOnly)).observation;
  const pending = before.primary.pending;
  if (pending) {
    if (pending.sha256 !== key.sha256) throw rotationInProgress(before, pending);
    deps.onProgress?.({ type: 'already-staged', location: primary.label, key });
    return outcome('already-staged');
  }
  if (before.primary.previous) {
    if (before.primary.current?.sha256 === key.sha256) return outcome('already-promoted');
    throw retireFirst(before);
  }
  if (before.primary.current?.sha256 === key.sha256) {
    // The live key is not a new one: staging it would invite an `abort` that says to revoke it.
    throw new SameKeyError({ keyName: name, key, primary: primary.label, beforeStaging: true });
  }

  try {
    await primary.provider.stage(primary.location, newKey, { rotationId, at: deps.clock.now() });
  } catch (error) {
    if (!isCativaKeysError(error) || error.exitCode !== ExitCode.conflict) throw error;
    // Lost the race for the lock: name the key that won it.
    const now = (await readRotationState(primaryOnly)).observation;
    throw now.primary.pending
      ? rotationInProgress(now, now.primary.pending, error)
      : new ConflictError(primary.label, `staging for '${name}' lost a race: ${error.message}`, {
          cause: error,
        });
  }
  deps.onProgress?.({ type: 'staged', location: primary.label, key });

  // Read back what was staged.
  const after = (await readRotationState(primaryOnly)).observation;
  if (
    !sameFingerprint(after.primary.pending, key) &&
    !sameFingerprint(after.primary.current, key)
  ) {
    // A vault without compare-and-set on its pending slot (AWS labels move to the newest
    // version) can let a concurrent stage win: say so, rather than report a key staged that is not.
    throw new ConflictError(
      primary.label,
      `another rotation of '${name}' staged ${after.primary.pending ? formatFingerprint(after.primary.pending) : 'a key'} ` +
        `at the same moment, and ${formatFingerprint(key)} is not the pending key: keep your key, ` +
        `check \`${commandLine('status', name)}\`, and stage it again once that rotation is done (or revoke it)`,
    );
  }
  // A rotation promoted between our read and our write leaves its old key in previous: keep the
  // key we staged (it is shown once) and stop before promoting over the unretired old key.
  if (after.primary.previous) throw retireFirst(after, true);
  return outcome('staged');
}

/**
 * Refuses, before a person creates a key for nothing, when a new key could not be staged now:
 * another key is pending (the lock), or the last rotation's old key awaits retirement.
 */
export function assertReadyToStage(observation: RotationObservation): void {
  const { pending } = observation.primary;
  if (pending) throw rotationInProgress(observation, pending);
  if (observation.primary.previous) throw retireFirst(observation);
}

/** The pending slot holds another key: another rotation of the same key is under way. */
export function rotationInProgress(
  observation: RotationObservation,
  pending: Fingerprint,
  cause?: unknown,
): ConflictError {
  const name = observation.keyName;
  return new ConflictError(
    observation.primary.label,
    `another rotation of '${name}' is in progress: ${formatFingerprint(pending)} is pending; ` +
      `run \`${commandLine('resume', name)}\` to finish it or \`${commandLine('abort', name)}\` to discard it`,
    cause === undefined ? undefined : { cause },
  );
}

/** The previous rotation's old key has not been retired yet: promoting would lose track of it. */
export function retireFirst(observation: RotationObservation, stagedNow = false): ConflictError {
  const name = observation.keyName;
  const { previous, promotedAt } = observation.primary;
  const when = promotedAt ? ` (promoted ${promotedAt.toISOString()})` : '';
  const staged = stagedNow
    ? `; the new key stays pending: once retired, run \`${commandLine('promote', name)}\``
    : '';
  return new ConflictError(
    observation.primary.label,
    `the old key ${previous ? formatFingerprint(previous) : ''} of the last rotation of '${name}'${when} ` +
      `has not been retired: revoke it in the Cativa Console, run \`${commandLine('retire', name)}\`, ` +
      `then rotate again${staged}`,
  );
}
