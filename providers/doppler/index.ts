import { VaultError } from '../../src/errors.js';
import { Secret } from '../../src/secret.js';
import type { ProviderDeps, VaultProvider, WriteContext } from '../types.js';
import { createDopplerSdkClient, type DopplerClient } from './client.js';
import { type DopplerLocation, type DopplerSettings, dopplerLocationSchema } from './config.js';
import type { LogNamesCache } from './config-logs.js';
import { DopplerErrorCode, toVaultError } from './errors.js';
import {
  type ChangeRequest,
  planClearPrevious,
  planDiscardPending,
  planPromote,
  planStage,
  planWriteCurrent,
} from './plan.js';
import { listValues, readLocations, stateOf } from './read.js';
import { type LocationState, type SlotNames, slotNamesOf } from './state.js';
import { createDopplerTransport } from './transport.js';
import { compareAndSetWrite } from './write.js';

export type { DopplerClient } from './client.js';
export {
  type DopplerLocation,
  type DopplerSettings,
  dopplerLocationSchema,
  dopplerSettingsSchema,
} from './config.js';

/** Seams for tests; production passes none. */
export interface DopplerVaultOptions {
  /** Builds the client for one token (default: the real SDK over {@link createDopplerTransport}). */
  readonly createClient?: (token: Secret, settings: DopplerSettings) => DopplerClient;
  /** `fetch` of the default transport. */
  readonly fetch?: typeof fetch;
  /** Waits between attempts (default: a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** First backoff between attempts, in milliseconds (default 200). */
  readonly backoffBaseMs?: number;
}

/**
 * Doppler: a location is one secret of one config. As a primary, `pending` and `previous` are
 * sibling secrets (`<NAME>_PENDING`, `<NAME>_PREVIOUS`) and the tool's rotation times live in
 * `<NAME>_ROTATED_AT` (see `record.ts` and docs/doppler.md). Reads take one list call per config;
 * writes are `change_requests` under compare-and-set (`originalValue`), one POST per operation.
 */
export function createDopplerVault(
  settings: DopplerSettings,
  deps: ProviderDeps,
  options: DopplerVaultOptions = {},
): VaultProvider<DopplerLocation> {
  const sleep = options.sleep;
  const backoffBaseMs = options.backoffBaseMs ?? 200;
  const clients = new Map<string, DopplerClient>();
  const logCache: LogNamesCache = new Map();
  const tokenEnvOf = (location: DopplerLocation) => location.tokenEnv ?? settings.tokenEnv;
  const describe = (location: DopplerLocation) =>
    `doppler:${location.project}/${location.config}#${location.name}`;
  const names = (location: DopplerLocation): SlotNames => slotNamesOf(location, settings);

  const defaultClient = (token: Secret) =>
    createDopplerSdkClient({
      token,
      baseUrl: settings.baseUrl,
      transport: createDopplerTransport({
        timeoutMs: settings.timeoutMs,
        retries: settings.retries,
        maxRetryAfterMs: settings.maxRetryAfterMs,
        backoffBaseMs,
        now: () => deps.clock.now(),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(sleep ? { sleep } : {}),
      }),
    });

  /** Checks the location again (the SDK mis-encodes odd names) and returns its client. */
  const clientFor = (location: DopplerLocation): DopplerClient => {
    const label = describe(location);
    const suffixes = [settings.pendingSuffix, settings.previousSuffix, settings.recordSuffix];
    if (
      !dopplerLocationSchema.safeParse(location).success ||
      suffixes.some((s) => location.name.endsWith(s))
    ) {
      throw new VaultError(
        label,
        `invalid location: project and config take letters, digits and _ . -; the name takes letters, digits and _ and must not end with ${suffixes.join(', ')}`,
        { code: DopplerErrorCode.badLocation },
      );
    }
    const env = tokenEnvOf(location);
    let client = clients.get(env);
    if (!client) {
      const raw = deps.env[env];
      if (!raw) {
        throw new VaultError(
          label,
          `${env} is not set; it must hold a Doppler token (a service token for ${location.project}/${location.config} is best)`,
          {
            code: DopplerErrorCode.noToken,
          },
        );
      }
      client = (options.createClient ?? defaultClient)(new Secret(raw), settings);
      clients.set(env, client);
    }
    return client;
  };

  const wrap = (label: string, action: string, error: unknown, location: DopplerLocation) =>
    toVaultError(label, action, error, tokenEnvOf(location));

  const readState = async (location: DopplerLocation): Promise<LocationState> => {
    const slotNames = names(location);
    const found = await listValues(clientFor(location), location, Object.values(slotNames));
    return stateOf(slotNames, found, describe(location));
  };

  const write = (
    location: DopplerLocation,
    action: string,
    plan: (state: LocationState, label: string) => ChangeRequest[],
  ) => {
    const label = describe(location);
    let client: DopplerClient;
    try {
      client = clientFor(location);
    } catch (error) {
      return Promise.reject(error);
    }
    return compareAndSetWrite(
      {
        client,
        location,
        label,
        readState: () => readState(location),
        wrap: (what, error) => wrap(label, what, error, location),
        retries: settings.retries,
        sleep: sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        backoffBaseMs,
      },
      action,
      (state) => plan(state, label),
    );
  };

  const readContext = {
    client: clientFor,
    tokenEnv: tokenEnvOf,
    names,
    label: describe,
    wrap,
    logLimits: { pageSize: settings.logPageSize, maxLogs: settings.maxLogsExamined },
    logCache,
  };

  return {
    name: 'doppler',
    capabilities: { write: true, slots: true, batchRead: true },
    describe,

    async read(location) {
      const [result] = await readLocations(readContext, [location]);
      if (!result || 'error' in result) throw result?.error ?? new Error('no answer');
      return result;
    },

    readMany: (locations) => readLocations(readContext, locations),

    stage: (location, key, ctx: WriteContext) =>
      write(location, 'staging the new key', (state, label) => planStage(state, key, ctx, label)),

    writeCurrent: (location, key, expected, ctx) =>
      write(location, 'writing the current key', (state, label) =>
        planWriteCurrent(state, key, expected, ctx, label),
      ),

    promote: (location, pending, ctx) =>
      write(location, 'promoting the pending key', (state, label) =>
        planPromote(state, pending, ctx, label),
      ),

    discardPending: (location, expected) =>
      write(location, 'discarding the pending key', (state, label) =>
        planDiscardPending(state, expected, label),
      ),

    clearPrevious: (location, expected, ctx) =>
      write(location, 'clearing the previous key', (state, label) =>
        planClearPrevious(state, expected, ctx, label),
      ),
  };
}
