import pLimit from 'p-limit';
import {
  createProviderSet,
  type LocationConfig,
  providersSettingsSchema,
} from '../providers/registry.js';
import type { Clock } from '../src/clock.js';
import type { Secret } from '../src/secret.js';

/** One location to fill and the key to put in its `current` slot. */
export interface SeedItem {
  readonly location: Readonly<Record<string, unknown>>;
  readonly secret: Secret;
}

/**
 * Writes each key into `current` of its (empty) location through the provider itself
 * (`writeCurrent` with nothing expected), so the bench seeds any vault the way the tool writes
 * it, with `at` recorded as the write time. `parallel` writes at once.
 */
export async function seedThroughProvider(
  providers: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  items: readonly SeedItem[],
  options: { readonly at: Date; readonly clock: Clock; readonly parallel: number },
): Promise<void> {
  const set = createProviderSet(providersSettingsSchema.parse(providers), {
    clock: options.clock,
    baseDir: process.cwd(),
    env,
  });
  const limit = pLimit(options.parallel);
  await Promise.all(
    items.map((item, i) =>
      limit(async () => {
        const bound = await set.bind(item.location as LocationConfig);
        const ctx = { rotationId: `bench-seed-${i}`, at: options.at };
        await bound.provider.writeCurrent(bound.location, item.secret, undefined, ctx);
      }),
    ),
  );
}
