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
import type { VaultProvider } from '../../providers/types.js';
import { fixedClock } from '../../src/clock.js';
import { createOnePasswordFake, type OnePasswordFake } from './onepassword-fake.js';

/** The title of the vault every bench starts with. */
export const BENCH_VAULT = 'Integrations';

/** A fake 1Password with one vault, and the provider over it. */
export interface OnePasswordBench {
  readonly fake: OnePasswordFake;
  readonly vault: VaultOverview;
  readonly provider: VaultProvider<OnePasswordLocation>;
  /** Another provider over the same fake: a second process. */
  rival(): VaultProvider<OnePasswordLocation>;
  /** A location in the bench's vault (by title); the field defaults to `credential`. */
  location(item: string, field?: string): OnePasswordLocation;
}

export interface OnePasswordBenchOptions {
  /** `providers.onepassword` as written in a config. */
  readonly settings?: z.input<typeof onePasswordSettingsSchema>;
  readonly options?: OnePasswordVaultOptions;
}

/** Builds a bench; rate-limit backoffs do not wait. */
export function createOnePasswordBench(opts: OnePasswordBenchOptions = {}): OnePasswordBench {
  const fake = createOnePasswordFake();
  const vault = fake.addVault(BENCH_VAULT);
  const build = () =>
    createOnePasswordVault(
      onePasswordSettingsSchema.parse(opts.settings ?? {}),
      { clock: fixedClock(new Date(Date.UTC(2025, 0, 1))), baseDir: '/nonexistent', env: {} },
      {
        port: fake.port,
        ...opts.options,
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
