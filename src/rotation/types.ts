import type { BoundLocation } from '../../providers/registry.js';
import type { LocationSnapshot } from '../../providers/types.js';
import type { CativaClient, CativaIdentity } from '../cativa/types.js';
import type { Clock } from '../clock.js';
import type { ManagedKey } from '../config/schema.js';
import type { Fingerprint } from '../secret.js';

/**
 * Where a rotation stands, as observed in the vaults (no journal elsewhere):
 * - `idle`: nothing pending at the primary, no old key awaiting retirement;
 * - `staged`: a new key waits in the primary's `pending` slot; no location holds it yet;
 * - `promoting`: a new key is pending and some locations already hold it as `current`
 *   (a promotion stopped part-way);
 * - `promoted-awaiting-retire`: nothing pending, the old key waits in `previous` until it is
 *   revoked in the Cativa Console and `retire` clears it.
 */
export const ROTATION_PHASES = ['idle', 'staged', 'promoting', 'promoted-awaiting-retire'] as const;
export type RotationPhase = (typeof ROTATION_PHASES)[number];

/** A managed key and its locations bound to their providers; `locations[0]` is the primary. */
export interface RotationTarget {
  readonly key: ManagedKey;
  readonly locations: readonly BoundLocation[];
}

/** Who Cativa says a key belongs to: the fields rotation checks (no e-mail, no session tokens). */
export type IdentitySummary = Pick<CativaIdentity, 'id' | 'customer' | 'role'>;

/** What one location holds, as far as rotation is concerned. */
export interface LocationView {
  readonly label: string;
  readonly role: 'primary' | 'replica';
  /** Fingerprint of the location's `current` key; undefined when empty. */
  readonly current: Fingerprint | undefined;
  /** True when `current` is the key pending at the primary (already promoted here). */
  readonly holdsPending: boolean;
}

/** The command to run next and why, as a person would type it. */
export interface NextStep {
  /** e.g. `cativa-keys retire 'Sync HubSpot prod'`; undefined when nothing is to be done. */
  readonly command: string | undefined;
  /** One sentence for people. */
  readonly explanation: string;
}

/** The rotation state of one key, observed in its vaults. Safe to print: fingerprints only. */
export interface RotationObservation {
  readonly keyName: string;
  readonly phase: RotationPhase;
  /** Id of the rotation under way (pending key) or awaiting retirement (current key). */
  readonly rotationId: string | undefined;
  readonly primary: {
    readonly label: string;
    readonly current: Fingerprint | undefined;
    readonly pending: Fingerprint | undefined;
    readonly previous: Fingerprint | undefined;
    /** When the tool last promoted a key at the primary. */
    readonly promotedAt: Date | undefined;
  };
  /** Every location, the primary first. */
  readonly locations: readonly LocationView[];
  /** True when locations hold different keys beyond what a promotion under way explains. */
  readonly drift: boolean;
  readonly next: NextStep;
}

/** An observation plus the snapshots it was made from (these hold secrets: never print them). */
export interface RotationState {
  readonly observation: RotationObservation;
  /** One per location, in the target's order. */
  readonly snapshots: readonly LocationSnapshot[];
}

/** Progress of a rotation step, for people watching (the CLI writes these to stderr). */
export type RotationEvent =
  | { readonly type: 'staged'; readonly location: string; readonly key: Fingerprint }
  | { readonly type: 'already-staged'; readonly location: string; readonly key: Fingerprint }
  | { readonly type: 'validating'; readonly key: Fingerprint }
  | { readonly type: 'validated'; readonly key: Fingerprint; readonly identity: IdentitySummary }
  | { readonly type: 'written'; readonly location: string; readonly key: Fingerprint }
  | { readonly type: 'skipped'; readonly location: string; readonly key: Fingerprint }
  | { readonly type: 'promoted'; readonly location: string; readonly key: Fingerprint }
  | { readonly type: 'verified'; readonly locations: number; readonly key: Fingerprint }
  | { readonly type: 'checking-revocation'; readonly key: Fingerprint }
  | { readonly type: 'retired'; readonly location: string; readonly key: Fingerprint }
  | { readonly type: 'discarded'; readonly location: string; readonly key: Fingerprint };

/** What every rotation step needs, injected. */
export interface RotationDeps {
  readonly cativa: CativaClient;
  readonly clock: Clock;
  /** Called after each step's side effect or check. Must not throw. */
  readonly onProgress?: ((event: RotationEvent) => void) | undefined;
}

/** What a promotion did at one location. */
export interface LocationResult {
  readonly label: string;
  readonly role: 'primary' | 'replica';
  /** Fingerprint of `current` when the promotion started. */
  readonly before: Fingerprint | undefined;
  /**
   * `written`: the new key was written as current (replica); `promoted`: pending moved to current
   * (primary); `skipped`: the location already held the new key; `failed`: the write threw;
   * `not-attempted`: an earlier location failed first.
   */
  readonly result: 'written' | 'promoted' | 'skipped' | 'failed' | 'not-attempted';
  /** Why the write failed (our own error message: never a value). */
  readonly error?: string;
}

/** What a promotion would do at one location (`--dry-run`). */
export interface LocationPlan {
  readonly label: string;
  readonly role: 'primary' | 'replica';
  /** Fingerprint of `current` now. */
  readonly before: Fingerprint | undefined;
  /** Fingerprint of `current` after the promotion: the new key. */
  readonly after: Fingerprint;
  /** `stage-and-promote` when the new key is not staged yet (a `rotate --dry-run`). */
  readonly action: 'write' | 'promote' | 'stage-and-promote' | 'skip';
}
