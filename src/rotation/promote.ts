import type { LocationSnapshot, StoredKey, WriteContext } from '../../providers/types.js';
import { describeError, UsageError } from '../errors.js';
import { type Fingerprint, sameFingerprint } from '../secret.js';
import { commandLine } from './commands.js';
import { promotedAtPrimary, readRotationState } from './observe.js';
import { PromotionIncompleteError, PromotionVerifyError } from './promotion-error.js';
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
  if (!pending) return alreadyPromoted(state, target);

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
      () => bound.provider.writeCurrent(bound.location, pending.secret, expected, ctx),
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

/** Nothing pending: fine when the last rotation was promoted (a repeated or resumed command). */
function alreadyPromoted(state: RotationState, target: RotationTarget): PromotionReport {
  const { observation } = state;
  const current = state.snapshots[0]?.current as StoredKey | undefined;
  if (observation.phase !== 'promoted-awaiting-retire' || !current) {
    throw new UsageError(
      `nothing is staged for '${target.key.name}' at ${observation.primary.label}: ` +
        `run \`${commandLine('rotate', target.key.name)}\` (or 'stage') first`,
    );
  }
  return {
    status: 'already-promoted',
    keyName: target.key.name,
    rotationId: rotationIdFor(target.key.name, current.fingerprint),
    newKey: current.fingerprint,
    oldKey: observation.primary.previous,
    identity: undefined,
    locations: observation.locations.map((l) => ({
      label: l.label,
      role: l.role,
      before: l.current,
      result: 'skipped',
    })),
  };
}
