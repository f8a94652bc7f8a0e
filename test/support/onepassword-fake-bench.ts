import type { z } from 'zod';
import {
  type OnePasswordLocation,
  onePasswordSettingsSchema,
} from '../../providers/onepassword/config.js';
import {
  createOnePasswordVault,
  type OnePasswordVaultOptions,
} from '../../providers/onepassword/index.js';
import type { VaultOverview } from '../../providers/onepassword/port.js';
import {
  createProviderSet,
  type LocationConfig,
  type ProviderSet,
  type ProvidersSettings,
} from '../../providers/registry.js';
import type { ProviderDeps, VaultProvider } from '../../providers/types.js';
import { fixedClock } from '../../src/clock.js';
import {
  createOnePasswordFake,
  type OnePasswordFake,
  type OnePasswordFakeOptions,
} from './onepassword-fake.js';

/** The title of the vault every bench starts with. */
export const BENCH_VAULT = 'Integrations';

/** A fake 1Password with one vault, and the provider over it. */
export interface OnePasswordBench {
  readonly fake: OnePasswordFake;
  readonly vault: VaultOverview;
  readonly provider: VaultProvider<OnePasswordLocation>;
  /** Another provider over the same fake (a second process), with options of its own. */
  rival(options?: OnePasswordVaultOptions): VaultProvider<OnePasswordLocation>;
  /** A location in the bench's vault (by title); the field defaults to `credential`. */
  location(item: string, field?: string): OnePasswordLocation;
}

export interface OnePasswordBenchOptions {
  /** `providers.onepassword` as written in a config. */
  readonly settings?: z.input<typeof onePasswordSettingsSchema>;
  readonly options?: OnePasswordVaultOptions;
  readonly fake?: OnePasswordFakeOptions;
}

/** Builds a bench; rate-limit backoffs do not wait. */
export function createOnePasswordBench(opts: OnePasswordBenchOptions = {}): OnePasswordBench {
  const fake = createOnePasswordFake(opts.fake);
  const vault = fake.addVault(BENCH_VAULT);
  const build = (extra: OnePasswordVaultOptions = {}) =>
    createOnePasswordVault(
      onePasswordSettingsSchema.parse(opts.settings ?? {}),
      { clock: fixedClock(new Date(Date.UTC(2025, 0, 1))), baseDir: '/nonexistent', env: {} },
      {
        port: fake.port,
        ...opts.options,
        ...extra,
        rateLimit: { sleep: async () => {}, ...opts.options?.rateLimit },
      },
    );
  return {
    fake,
    vault,
    provider: build(),
    rival: build,
    location: (item, field = 'credential') => ({
      provider: 'onepassword',
      vault: BENCH_VAULT,
      item,
      field,
    }),
  };
}

/**
 * A provider set as the CLI builds it from a config, except that 1Password locations go to the
 * bench's provider (over the fake) instead of the registry's, which would load the real SDK.
 */
export function providerSetWith(
  bench: OnePasswordBench,
  settings: ProvidersSettings,
  deps: ProviderDeps,
): ProviderSet {
  const others = createProviderSet(settings, deps);
  let used = false;
  return {
    async bind(location) {
      if (location.provider !== 'onepassword') return others.bind(location);
      used = true;
      const provider = bench.provider as unknown as VaultProvider<LocationConfig>;
      return { location, provider, label: provider.describe(location) };
    },
    loaded: () => [...others.loaded(), ...(used ? (['onepassword'] as const) : [])],
  };
}
