import { UsageError } from '../errors.js';
import type { Fingerprint } from '../secret.js';
import { commandLine } from './commands.js';
import { promotedAtPrimary, readRotationState } from './observe.js';
import type { IdentitySummary, RotationDeps, RotationTarget } from './types.js';
import { validateCandidate } from './validate.js';

/** A pending key that passed validation. */
export interface ValidatedPending {
  readonly key: Fingerprint;
  readonly identity: IdentitySummary;
}

/**
 * Step 2 on its own: validates the key pending at the primary (format, differs from current,
 * `/auth/me` 200, tenant, user, role). Writes nothing; a failure leaves the key pending.
 */
export async function validatePending(
  target: RotationTarget,
  deps: RotationDeps,
): Promise<ValidatedPending> {
  const { snapshots, observation } = await readRotationState(target);
  const snapshot = snapshots[0];
  const pending = snapshot?.pending;
  if (!snapshot || !pending) {
    throw new UsageError(
      `nothing is staged for '${target.key.name}' at ${observation.primary.label}: ` +
        `run \`${commandLine('stage', target.key.name)}\` first`,
    );
  }
  const identity = await validateCandidate(
    target.key,
    pending,
    promotedAtPrimary(observation) ? undefined : snapshot.current?.fingerprint,
    observation.primary.label,
    deps,
  );
  return { key: pending.fingerprint, identity };
}
