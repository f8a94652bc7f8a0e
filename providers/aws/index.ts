import type { ProviderDeps, VaultProvider } from '../types.js';
import { createClientCache, regionOf } from './clients.js';
import type { AwsLocation, AwsSettings } from './config.js';
import { ledgerKeys } from './ledger.js';
import type { ClientForRegion } from './port.js';
import type { WriteIo } from './put-version.js';
import { readRegion } from './read-many.js';
import { slotsOf, snapshotOf } from './slots.js';
import { loadState, Stage } from './state.js';
import {
  clearPreviousKey,
  discardPendingKey,
  promoteKey,
  stageKey,
  writeCurrentKey,
} from './writes.js';

export { regionOf } from './clients.js';
export {
  type AwsLocation,
  type AwsSettings,
  awsLocationSchema,
  awsSettingsSchema,
} from './config.js';
export { AwsErrorCode } from './errors.js';
export type { ClientForRegion, SecretsManagerPort } from './port.js';

/** Seams for tests and embedders; production passes none. */
export interface AwsProviderOptions {
  /** The client of a region (default: one SDK client per region, adaptive retries). */
  readonly clientFor?: ClientForRegion;
}

const ALL_STAGES = [Stage.current, Stage.pending, Stage.previous] as const;

/**
 * The AWS Secrets Manager provider: slots are staging labels (`current` = AWSCURRENT, `pending` =
 * AWSPENDING, `previous` = AWSPREVIOUS); a location is a secret, or one field of a JSON secret.
 * Credentials and endpoint come from the SDK's default chain (`AWS_*`,
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`). See docs/aws.md.
 */
export function createAwsSecretsManagerProvider(
  settings: AwsSettings,
  _deps: ProviderDeps,
  options: AwsProviderOptions = {},
): VaultProvider<AwsLocation> {
  const clientFor = options.clientFor ?? createClientCache(settings);
  const describe = (location: AwsLocation) =>
    `aws:${location.secretId}${location.region ? `@${location.region}` : ''}${location.field === undefined ? '' : `#${location.field}`}`;
  const io = (location: AwsLocation): WriteIo => ({
    port: clientFor(regionOf(location, settings)),
    location,
    label: describe(location),
    keys: ledgerKeys(settings.tagPrefix, location),
  });
  const read = async (location: AwsLocation) => {
    const { port, label, keys } = io(location);
    const state = await loadState(port, location, label, ALL_STAGES);
    return snapshotOf(slotsOf(state, location, label, keys));
  };

  return {
    name: 'aws',
    capabilities: { write: true, slots: true, batchRead: true },
    describe,
    read,

    async readMany(locations) {
      const byRegion = new Map<string | undefined, number[]>();
      locations.forEach((location, i) => {
        const region = regionOf(location, settings);
        byRegion.set(region, [...(byRegion.get(region) ?? []), i]);
      });
      const results = new Array<Awaited<ReturnType<typeof readRegion>>[number]>(locations.length);
      await Promise.all(
        [...byRegion].map(async ([region, indexes]) => {
          const group = indexes.map((i) => locations[i] as AwsLocation);
          const answers = await readRegion({
            port: clientFor(region),
            locations: group,
            labelOf: describe,
            snapshot: (location, state) =>
              snapshotOf(slotsOf(state, location, describe(location), io(location).keys)),
            readOne: read,
            concurrency: settings.concurrency,
            listPrefix: settings.listPrefix,
          });
          indexes.forEach((index, k) => {
            results[index] = answers[k] ?? { error: new Error('no answer') };
          });
        }),
      );
      return results;
    },

    stage: (location, key, ctx) => stageKey(io(location), key, ctx),
    writeCurrent: (location, key, expected, ctx) =>
      writeCurrentKey(io(location), key, expected, ctx),
    promote: (location, pending, ctx) => promoteKey(io(location), pending, ctx),
    discardPending: (location, expected) => discardPendingKey(io(location), expected),
    clearPrevious: (location, expected) => clearPreviousKey(io(location), expected),
  };
}
