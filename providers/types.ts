import type { Clock } from '../src/clock.js';
import type { Fingerprint, Secret } from '../src/secret.js';

/**
 * The provider interface: one small adapter per vault kind. A provider instance serves every
 * location of its kind; a location is the parsed config object (see `providers/<name>/config.ts`).
 *
 * Slots: every location has `current`. Providers with the `slots` capability also hold `pending`
 * (the staged new key, which is the rotation lock) and `previous` (the old key until retired),
 * and can be a key's primary location. Replicas only ever have `current` written.
 */

/** One key value as stored at a location, with what the vault knows of its age. */
export interface StoredKey {
  /** The value, wrapped so that it cannot be printed. */
  readonly secret: Secret;
  /** Fingerprint of `secret`, computed once at read time. */
  readonly fingerprint: Fingerprint;
  /**
   * When this value was first stored at this location. Re-writing the same value must not move
   * it. Undefined when the vault cannot tell.
   */
  readonly storedAt: Date | undefined;
  /** True when `storedAt` is the vault's best native timestamp rather than a time the tool recorded. */
  readonly storedAtEstimated: boolean;
}

/** Everything audit and rotation need to know of one location, read in one go. */
export interface LocationSnapshot {
  readonly current: StoredKey | undefined;
  /** The staged new key (primary only). */
  readonly pending: StoredKey | undefined;
  /** The key that was current before the last promotion (primary only). */
  readonly previous: StoredKey | undefined;
  /** When this tool last promoted a pending key here (primary only). */
  readonly promotedAt: Date | undefined;
}

/** What a provider can do; checked when the config is loaded and before every write. */
export interface ProviderCapabilities {
  /** Can write `current` (and, with `slots`, the other slots). */
  readonly write: boolean;
  /** Holds `pending` and `previous`, so it can be a key's primary location. */
  readonly slots: boolean;
  /** Implements {@link VaultProvider.readMany} with fewer remote calls than one per location. */
  readonly batchRead: boolean;
}

/**
 * Context of every write: who is writing what, and when. Providers record `at` as the write's
 * time (never their own clock), so that one rotation step records one instant everywhere.
 */
export interface WriteContext {
  /**
   * Stable id of the rotation, derived from the key name and the new key's fingerprint, so that
   * a retried write can be recognised (AWS `ClientRequestToken`, for example).
   */
  readonly rotationId: string;
  /** The instant to record as the write's time. */
  readonly at: Date;
}

/** A location's read that failed, returned by {@link VaultProvider.readMany} in its slot. */
export interface ReadFailure {
  readonly error: Error;
}

/**
 * A vault adapter. Every write checks before it acts and is idempotent: repeating a write that
 * already took effect succeeds without changing anything, and a write that finds something other
 * than expected throws `ConflictError` instead of overwriting.
 */
export interface VaultProvider<L> {
  /** The provider's registry name (`file`, `aws`, ...). */
  readonly name: string;
  readonly capabilities: ProviderCapabilities;

  /** A one-line label for messages and tables, e.g. `file:vault.json#hubspot-prod`. Never a secret. */
  describe(location: L): string;

  /** Reads every slot of one location. Throws `VaultError` when the vault cannot be read. */
  read(location: L): Promise<LocationSnapshot>;

  /** Reads many locations with as few remote calls as the vault allows; results keep the order. */
  readMany?(locations: readonly L[]): Promise<Array<LocationSnapshot | ReadFailure>>;

  /**
   * Writes `key` to the pending slot (primary only). Succeeds without writing when the same key
   * is already pending; throws `ConflictError` (naming the pending fingerprint) when another key
   * is pending: the pending slot is the rotation lock.
   */
  stage(location: L, key: Secret, ctx: WriteContext): Promise<void>;

  /**
   * Sets `current` to `key` (replica promotion). Compare-and-set: `expected` is the fingerprint
   * of `current` as last read (undefined: empty); when the location holds neither `expected` nor
   * `key`, throws `ConflictError`. Already holding `key` is success without a write.
   */
  writeCurrent(
    location: L,
    key: Secret,
    expected: Fingerprint | undefined,
    ctx: WriteContext,
  ): Promise<void>;

  /**
   * Primary promotion: `pending` becomes `current`, the old `current` becomes `previous`, `pending`
   * is cleared and the time recorded. `pending` is the fingerprint the caller validated; when the
   * slot holds another key, throws `ConflictError`. When `current` already holds it (a replayed
   * promotion), clears `pending` only if it still holds that same key, and changes nothing else.
   * An older key still in `previous` is replaced: the rotation engine retires or refuses before
   * it promotes, so the provider does not decide that.
   */
  promote(location: L, pending: Fingerprint, ctx: WriteContext): Promise<void>;

  /** Clears `pending` when it holds `expected` (abort). No-op when `pending` is already empty. */
  discardPending(location: L, expected: Fingerprint, ctx: WriteContext): Promise<void>;

  /** Clears `previous` when it holds `expected` (retire). No-op when `previous` is already empty. */
  clearPrevious(location: L, expected: Fingerprint, ctx: WriteContext): Promise<void>;
}

/** What every provider factory receives: narrow dependencies, no globals. */
export interface ProviderDeps {
  readonly clock: Clock;
  /** Directory of the config file, against which relative paths resolve. */
  readonly baseDir: string;
  /** Environment to read credentials from (vault tokens by name). */
  readonly env: Readonly<Record<string, string | undefined>>;
}
