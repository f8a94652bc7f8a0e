import { type Fingerprint, sameFingerprint } from '../secret.js';
import type { LocationPlan, RotationObservation } from './types.js';

/**
 * What a promotion of `newKey` would do at each location, from an observation (`--dry-run`).
 * `staged`: whether `newKey` is already pending; when not, the primary's action is
 * `stage-and-promote` (what `rotate` would do).
 */
export function planPromotion(
  observation: RotationObservation,
  newKey: Fingerprint,
  staged: boolean,
): LocationPlan[] {
  return observation.locations.map((location) => {
    const holdsNew = sameFingerprint(location.current, newKey);
    const base = {
      label: location.label,
      role: location.role,
      before: location.current,
      after: newKey,
    };
    if (location.role === 'replica') return { ...base, action: holdsNew ? 'skip' : 'write' };
    if (!staged) return { ...base, action: 'stage-and-promote' };
    return { ...base, action: holdsNew && !observation.primary.pending ? 'skip' : 'promote' };
  });
}
