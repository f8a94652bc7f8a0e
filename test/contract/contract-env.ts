import type { TestContext } from 'vitest';
import type { LocationSnapshot, VaultProvider } from '../../providers/types.js';
import type { Secret } from '../../src/secret.js';
import { createKeyBench, type IssuedKey, type KeyBench } from './contract-helpers.js';

/** What one provider gives the contract suite. */
export interface ProviderContractFixture<L> {
  readonly provider: VaultProvider<L>;
  /** A fresh location, empty and used by no other test; called once or more per test. */
  location(): L;
  /**
   * The provider can be a key's primary (`pending`/`previous` slots). The slot tests run only
   * then; for a replica-only provider they report as skipped.
   */
  readonly primary: boolean;
  /**
   * Puts `key` into `current` of an empty location, for vaults where the tool cannot create it
   * through the interface. Default: `writeCurrent(location, key, undefined, ctx)`.
   */
  seedCurrent?(location: L, key: Secret): Promise<void>;
  /**
   * The provider records the write context's time as `storedAt` and `promotedAt` (the file
   * vault does; AWS reports its own clock). When true, the suite checks the exact instants.
   */
  readonly recordsWriteTime?: boolean;
  /** Removes whatever the fixture created. */
  cleanup(): Promise<void>;
}

/** Builds the fixture once per suite (start servers, make temp dirs). */
export type ProviderContractFixtureFactory<L> = () =>
  | ProviderContractFixture<L>
  | Promise<ProviderContractFixture<L>>;

/** What the contract's cases share: the fixture (once built), keys, and set-up steps. */
export interface ContractEnv<L> {
  /** The fixture; throws when called before `beforeAll` built it. */
  fx(): ProviderContractFixture<L>;
  readonly bench: KeyBench;
  read(location: L): Promise<LocationSnapshot>;
  /** A fresh location whose `current` holds a fresh key `old`. */
  withCurrent(): Promise<{ location: L; old: IssuedKey }>;
  /** As {@link withCurrent}, plus a fresh key `staged` in `pending`. */
  withPending(): Promise<{ location: L; old: IssuedKey; staged: IssuedKey }>;
  /** As {@link withPending}, then promoted: `current` holds `staged`, `previous` holds `old`. */
  promoted(): Promise<{ location: L; old: IssuedKey; staged: IssuedKey }>;
  /** Skips (visibly) a slot test when the provider cannot be a primary. */
  needsSlots(context: TestContext): void;
}

/** The shared state of one suite; `setFixture` is called by its `beforeAll`. */
export function createContractEnv<L>(): ContractEnv<L> & {
  setFixture(fixture: ProviderContractFixture<L>): void;
  /** The fixture, or undefined when building it failed. */
  built(): ProviderContractFixture<L> | undefined;
} {
  const bench = createKeyBench();
  let fixture: ProviderContractFixture<L> | undefined;
  const fx = (): ProviderContractFixture<L> => {
    if (!fixture) throw new Error('the contract fixture was not created');
    return fixture;
  };
  const withCurrent = async () => {
    const location = fx().location();
    const old = bench.key();
    const seed = fx().seedCurrent;
    if (seed) await seed.call(fx(), location, old.secret);
    else await fx().provider.writeCurrent(location, old.secret, undefined, bench.ctx());
    return { location, old };
  };
  const withPending = async () => {
    const { location, old } = await withCurrent();
    const staged = bench.key();
    await fx().provider.stage(location, staged.secret, bench.ctx());
    return { location, old, staged };
  };
  return {
    fx,
    bench,
    read: (location) => fx().provider.read(location),
    withCurrent,
    withPending,
    async promoted() {
      const setup = await withPending();
      await fx().provider.promote(setup.location, setup.staged.fingerprint, bench.ctx());
      return setup;
    },
    needsSlots(context) {
      if (!fx().primary) context.skip('the provider has no pending/previous slots');
    },
    setFixture(f) {
      fixture = f;
    },
    built: () => fixture,
  };
}
