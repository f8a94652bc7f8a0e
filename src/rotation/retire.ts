import { ConflictError } from '../errors.js';
import { type Fingerprint, sameFingerprint } from '../secret.js';
import { commandLine } from './commands.js';
import { formatDuration } from './duration.js';
import { readRotationState } from './observe.js';
import { NotRevokedError, RevocationUnavailableError } from './retire-errors.js';
import { rotationIdFor } from './rotation-id.js';
import type { RotationDeps, RotationTarget } from './types.js';
import { askCativa } from './validate.js';

/** What {@link retireRotation} did. */
export interface RetireOutcome {
  /** `nothing-to-retire`: `previous` was already empty (a repeated command). */
  readonly status: 'retired' | 'nothing-to-retire';
  readonly keyName: string;
  /** Label of the primary. */
  readonly location: string;
  /** The old key that was cleared from `previous`. */
  readonly oldKey: Fingerprint | undefined;
  /** When the new key was promoted. */
  readonly promotedAt: Date | undefined;
  /** When `previous` was cleared (the completion recorded by the vault). */
  readonly retiredAt: Date | undefined;
}

/**
 * Step 4: checks that the old key in `previous` now answers 401 (revoked in the Cativa Console),
 * then clears `previous`, which records the rotation's completion. When the old key still answers
 * 200 (or 403), throws {@link NotRevokedError} saying how long ago the promotion was, and changes
 * nothing. Idempotent: with `previous` empty, there is nothing to do.
 */
export async function retireRotation(
  target: RotationTarget,
  deps: RotationDeps,
): Promise<RetireOutcome> {
  const name = target.key.name;
  const [primary] = target.locations;
  const { snapshots, observation } = await readRotationState(target);
  const snapshot = snapshots[0];
  if (!primary || !snapshot) throw new TypeError(`key '${name}' has no primary location`);
  const previous = snapshot.previous;
  const base = {
    keyName: name,
    location: primary.label,
    oldKey: previous?.fingerprint,
    promotedAt: snapshot.promotedAt,
  };
  if (!previous) return { ...base, status: 'nothing-to-retire', retiredAt: undefined };
  if (observation.primary.pending || observation.drift) {
    // A promotion that did not reach every location: the old key may still be served somewhere.
    throw new ConflictError(
      primary.label,
      `cannot retire the old key of '${name}' yet: ${
        observation.primary.pending
          ? 'a key is still pending'
          : 'not every location holds the new key'
      }; run \`${commandLine('resume', name)}\` first`,
    );
  }
  if (sameFingerprint(previous.fingerprint, snapshot.current?.fingerprint)) {
    // Asking Cativa would test the live key; this state is not one rotation produces.
    throw new TypeError(`previous and current hold the same key at ${primary.label}`);
  }

  deps.onProgress?.({ type: 'checking-revocation', key: previous.fingerprint });
  const outcome = await askCativa(
    deps,
    previous.secret,
    (reason, cause) =>
      new RevocationUnavailableError(name, previous.fingerprint, reason, { cause }),
  );
  const now = deps.clock.now();
  if (outcome.kind !== 'unauthorized') {
    const promotedAt = snapshot.promotedAt;
    throw new NotRevokedError(
      name,
      previous.fingerprint,
      outcome.kind === 'valid' ? 200 : 403,
      promotedAt ? formatDuration(now.getTime() - promotedAt.getTime()) : undefined,
      promotedAt,
    );
  }
  const current = observation.primary.current;
  const rotationId = current
    ? rotationIdFor(name, current)
    : rotationIdFor(name, previous.fingerprint);
  await primary.provider.clearPrevious(primary.location, previous.fingerprint, {
    rotationId,
    at: now,
  });
  deps.onProgress?.({ type: 'retired', location: primary.label, key: previous.fingerprint });
  return { ...base, status: 'retired', retiredAt: now };
}
