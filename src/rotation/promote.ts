import type { BoundLocation } from '../../providers/registry.js';
import type { LocationSnapshot, StoredKey, WriteContext } from '../../providers/types.js';
import { describeError, UsageError } from '../errors.js';
import { type Fingerprint, formatFingerprint, sameFingerprint } from '../secret.js';
import { commandLine } from './commands.js';
import { promotedAtPrimary, readRotationState } from './observe.js';
import {
  PendingChangedError,
  PromotionIncompleteError,
  PromotionVerifyError,
} from './promotion-error.js';
import { rotationIdFor } from './rotation-id.js';
import { retireFirst } from './stage.js';
import type {
  IdentitySummary,
  LocationResult,
  RotationDeps,
  RotationState,
  RotationTarget,
} from './types.js';
import { validateCandidate } from './validate.js';

/** What {@link promoteRotation} did. */
export interface PromotionReport {
  /** `already-promoted`: nothing was pending and the primary already holds the rotated key. */
  readonly status: 'promoted' | 'already-promoted';
  readonly keyName: string;
  readonly rotationId: string;
  readonly newKey: Fingerprint;
  /** The key that was current before (now in `previous`). */
  readonly oldKey: Fingerprint | undefined;
  /** Who Cativa says the new key belongs to; undefined when nothing was validated now. */
  readonly identity: IdentitySummary | undefined;
  readonly locations: readonly LocationResult[];
}

/**
 * Steps 2 and 3: re-validates the pending key, writes it to every replica (compare-and-set
 * against the current key as read), then promotes it at the primary (last), and reads every
 * location back. A location already holding the new key is skipped, so a resumed promotion
 * continues where it stopped. One side effect per location; a failure part-way throws
 * {@link PromotionIncompleteError} with what was written where, and nothing is undone: every
 * location holds a key that was valid when written, and the new key is still pending.
 */
export async function promoteRotation(
  target: RotationTarget,
  deps: RotationDeps,
): Promise<PromotionReport> {
  const state = await readRotationState(target);
  const { observation, snapshots } = state;
  const name = target.key.name;
  const [primary] = target.locations;
  const [primarySnap] = snapshots;
  if (!primary || !primarySnap) throw new TypeError(`key '${name}' has no primary location`);
  const pending = primarySnap.pending;
  if (!pending) return finishPromoted(state, target, deps);

  const primaryHoldsNew = promotedAtPrimary(observation);
  if (observation.primary.previous && !primaryHoldsNew) throw retireFirst(observation, true);
  const identity = await validateCandidate(
    target.key,
    pending,
    primaryHoldsNew ? undefined : primarySnap.current?.fingerprint,
    primary.label,
    deps,
  );

  const newKey = pending.fingerprint;
  const rotationId = rotationIdFor(name, newKey);
  const ctx: WriteContext = { rotationId, at: deps.clock.now() };
  const results: LocationResult[] = target.locations.map((bound, i) => ({
    label: bound.label,
    role: i === 0 ? 'primary' : 'replica',
    before: snapshots[i]?.current?.fingerprint,
    result: 'not-attempted',
  }));
  const attempt = async (i: number, write: () => Promise<void>, done: 'written' | 'promoted') => {
    const result = results[i] as LocationResult;
    try {
      await write();
    } catch (error) {
      results[i] = { ...result, result: 'failed', error: describeError(error) };
      throw new PromotionIncompleteError(name, newKey, results, error);
    }
    results[i] = { ...result, result: done };
    deps.onProgress?.({ type: done, location: result.label, key: newKey });
  };

  // Replicas first: until the primary moves, the pending slot keeps the new key recoverable.
  for (let i = 1; i < target.locations.length; i++) {
    const bound = target.locations[i];
    const snapshot = snapshots[i] as LocationSnapshot;
    if (!bound) continue;
    if (sameFingerprint(snapshot.current?.fingerprint, newKey)) {
      results[i] = { ...(results[i] as LocationResult), result: 'skipped' };
      deps.onProgress?.({ type: 'skipped', location: bound.label, key: newKey });
      continue;
    }
    const expected = snapshot.current?.fingerprint;
    await attempt(
      i,
      async () => {
        // The pending slot is the lock: an `abort` that ran while Cativa was asked must stop us
        // before a replica gets a key that is no longer pending (and may be revoked next).
        await assertStillPending(primary, newKey);
        await bound.provider.writeCurrent(bound.location, pending.secret, expected, ctx);
      },
      'written',
    );
  }
  // The primary even when it holds the new key already: promote clears what is left of pending.
  await attempt(0, () => primary.provider.promote(primary.location, newKey, ctx), 'promoted');

  await verify(target, newKey, deps);
  return {
    status: 'promoted',
    keyName: name,
    rotationId,
    newKey,
    oldKey: primaryHoldsNew ? observation.primary.previous : observation.primary.current,
    identity,
    locations: results,
  };
}

/** Reads every location back and compares its current key with the new one. */
async function verify(target: RotationTarget, newKey: Fingerprint, deps: RotationDeps) {
  const after = await readRotationState(target);
  const mismatches = after.observation.locations
    .filter((l) => !sameFingerprint(l.current, newKey))
    .map((l) => ({ label: l.label, current: l.current }));
  if (mismatches.length > 0) throw new PromotionVerifyError(target.key.name, newKey, mismatches);
  deps.onProgress?.({ type: 'verified', locations: target.locations.length, key: newKey });
}

/** Throws `ConflictError` unless the primary's pending slot still holds `key`. */
async function assertStillPending(primary: BoundLocation, key: Fingerprint): Promise<void> {
  const now = (await primary.provider.read(primary.location)).pending?.fingerprint;
  if (!sameFingerprint(now, key)) {
    throw new PendingChangedError(
      `${primary.label}: the pending key changed during the promotion (now ` +
        `${now ? formatFingerprint(now) : 'empty'}, was ${formatFingerprint(key)}): another command aborted or replaced it`,
    );
  }
}

/**
 * Nothing pending: fine when the last rotation was promoted (a repeated or resumed command). A
 * replica that does not hold the primary's current key (a promotion whose read-back failed, a
 * copy rolled back by hand) is brought to it first, with the key validated and compare-and-set,
 * so that nobody is told to revoke an old key a replica still serves.
 */
async function finishPromoted(
  state: RotationState,
  target: RotationTarget,
  deps: RotationDeps,
): Promise<PromotionReport> {
  const { observation, snapshots } = state;
  const name = target.key.name;
  const current = snapshots[0]?.current as StoredKey | undefined;
  const primary = target.locations[0];
  if (observation.phase !== 'promoted-awaiting-retire' || !current || !primary) {
    throw new UsageError(
      `nothing is staged for '${name}' at ${observation.primary.label}: ` +
        `run \`${commandLine('rotate', name)}\` (or 'stage') first`,
    );
  }
  const rotationId = rotationIdFor(name, current.fingerprint);
  const results: LocationResult[] = observation.locations.map((l) => ({
    label: l.label,
    role: l.role,
    before: l.current,
    result: 'skipped',
  }));
  const lagging = observation.locations
    .map((l, i) => (i > 0 && !sameFingerprint(l.current, current.fingerprint) ? i : -1))
    .filter((i) => i > 0);
  let identity: IdentitySummary | undefined;
  if (lagging.length > 0) {
    identity = await validateCandidate(target.key, current, undefined, primary.label, deps);
    const ctx: WriteContext = { rotationId, at: deps.clock.now() };
    for (const i of lagging) {
      const bound = target.locations[i];
      const result = results[i] as LocationResult;
      if (!bound) continue;
      try {
        await bound.provider.writeCurrent(bound.location, current.secret, result.before, ctx);
      } catch (error) {
        results[i] = { ...result, result: 'failed', error: describeError(error) };
        throw new PromotionIncompleteError(name, current.fingerprint, results, error);
      }
      results[i] = { ...result, result: 'written' };
      deps.onProgress?.({ type: 'written', location: bound.label, key: current.fingerprint });
    }
    await verify(target, current.fingerprint, deps);
  }
  return {
    status: lagging.length > 0 ? 'promoted' : 'already-promoted',
    keyName: name,
    rotationId,
    newKey: current.fingerprint,
    oldKey: observation.primary.previous,
    identity,
    locations: results,
  };
}
