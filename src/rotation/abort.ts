import { ConflictError } from '../errors.js';
import { type Fingerprint, formatFingerprint, sameFingerprint } from '../secret.js';
import { commandLine } from './commands.js';
import { readRotationState } from './observe.js';
import { rotationIdFor } from './rotation-id.js';
import type { RotationDeps, RotationTarget } from './types.js';

/** What {@link abortRotation} did. */
export interface AbortOutcome {
  /** `nothing-to-abort`: the pending slot was already empty. */
  readonly status: 'aborted' | 'nothing-to-abort';
  readonly keyName: string;
  /** Label of the primary. */
  readonly location: string;
  /** The key discarded from `pending`. */
  readonly discarded: Fingerprint | undefined;
}

/**
 * Discards the pending key, which releases the rotation lock. `expected` is the fingerprint the
 * person confirmed: when another key is pending by now, nothing is discarded. Refused once any
 * location holds the pending key (a promotion under way): discarding it then would leave the
 * locations on different keys, so `resume` must finish the promotion instead.
 */
export async function abortRotation(
  target: RotationTarget,
  deps: RotationDeps,
  expected?: Fingerprint,
): Promise<AbortOutcome> {
  const name = target.key.name;
  const [primary] = target.locations;
  const { observation } = await readRotationState(target);
  if (!primary) throw new TypeError(`key '${name}' has no primary location`);
  const pending = observation.primary.pending;
  const base = { keyName: name, location: primary.label };
  if (!pending) return { ...base, status: 'nothing-to-abort', discarded: undefined };
  if (expected && !sameFingerprint(expected, pending)) {
    throw new ConflictError(
      primary.label,
      `the key pending for '${name}' is now ${formatFingerprint(pending)}, not the confirmed ` +
        `${formatFingerprint(expected)}: nothing was discarded; check \`${commandLine('status', name)}\``,
    );
  }
  if (observation.phase === 'promoting') {
    const holders = observation.locations.filter((l) => l.holdsPending).map((l) => l.label);
    throw new ConflictError(
      primary.label,
      `cannot abort the rotation of '${name}': its promotion is under way (${holders.join(', ')} ` +
        `already hold ${formatFingerprint(pending)}); run \`${commandLine('resume', name)}\` to finish it`,
    );
  }
  await primary.provider.discardPending(primary.location, pending, {
    rotationId: rotationIdFor(name, pending),
    at: deps.clock.now(),
  });
  deps.onProgress?.({ type: 'discarded', location: primary.label, key: pending });
  return { ...base, status: 'aborted', discarded: pending };
}
