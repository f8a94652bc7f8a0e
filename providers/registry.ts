import { z } from 'zod';
import { awsLocationSchema, awsSettingsSchema } from './aws/config.js';
import { dopplerLocationSchema, dopplerSettingsSchema } from './doppler/config.js';
import { fileLocationSchema, fileSettingsSchema } from './file/config.js';
import { onePasswordLocationSchema, onePasswordSettingsSchema } from './onepassword/config.js';
import type { ProviderCapabilities, ProviderDeps, VaultProvider } from './types.js';

/**
 * The explicit provider registry: name -> { schemas, capabilities, lazy factory }. Schemas are
 * light and load eagerly (the config needs them); SDKs load only when a location uses them.
 */
export interface ProviderDefinition<Loc, Settings> {
  /** zod schema of one location of this kind; its `provider` literal is the registry name. */
  readonly locationSchema: z.ZodType<Loc>;
  /** zod schema of `providers.<name>` in the config; must accept `{}`. */
  readonly settingsSchema: z.ZodType<Settings>;
  readonly capabilities: ProviderCapabilities;
  /** Imports the provider's module (and its SDK) and builds the adapter. */
  load(settings: Settings, deps: ProviderDeps): Promise<VaultProvider<Loc>>;
}

function defineProvider<Loc, Settings>(
  definition: ProviderDefinition<Loc, Settings>,
): ProviderDefinition<Loc, Settings> {
  return definition;
}

/** Every provider the tool knows. Adding one: a folder under `providers/` and a line here. */
export const providerRegistry = {
  file: defineProvider({
    locationSchema: fileLocationSchema,
    settingsSchema: fileSettingsSchema,
    capabilities: { write: true, slots: true, batchRead: true },
    load: async (settings, deps) =>
      (await import('./file/index.js')).createFileVault(settings, deps),
  }),
  aws: defineProvider({
    locationSchema: awsLocationSchema,
    settingsSchema: awsSettingsSchema,
    capabilities: { write: true, slots: true, batchRead: true },
    load: async (settings, deps) =>
      (await import('./aws/index.js')).createAwsSecretsManagerProvider(settings, deps),
  }),
  onepassword: defineProvider({
    locationSchema: onePasswordLocationSchema,
    settingsSchema: onePasswordSettingsSchema,
    capabilities: { write: true, slots: true, batchRead: true },
    // The SDK itself (a 14 MB WASM core) loads on the provider's first call, not here.
    load: async (settings, deps) =>
      (await import('./onepassword/index.js')).createOnePasswordVault(settings, deps),
  }),
  doppler: defineProvider({
    locationSchema: dopplerLocationSchema,
    settingsSchema: dopplerSettingsSchema,
    capabilities: { write: true, slots: true, batchRead: true },
    load: async (settings, deps) =>
      (await import('./doppler/index.js')).createDopplerVault(settings, deps),
  }),
} as const;

export type ProviderName = keyof typeof providerRegistry;
export const providerNames = Object.keys(providerRegistry) as ProviderName[];

/** One location of any kind, as parsed from the config. */
export const locationSchema = z.discriminatedUnion('provider', [
  fileLocationSchema,
  dopplerLocationSchema,
  awsLocationSchema,
  onePasswordLocationSchema,
]);
export type LocationConfig = z.infer<typeof locationSchema>;

/** `providers:` in the config: provider-wide settings, each defaulted. */
export const providersSettingsSchema = z
  .object({
    file: fileSettingsSchema.prefault({}),
    doppler: dopplerSettingsSchema.prefault({}),
    aws: awsSettingsSchema.prefault({}),
    onepassword: onePasswordSettingsSchema.prefault({}),
  })
  .strict()
  .prefault({});
export type ProvidersSettings = z.infer<typeof providersSettingsSchema>;

/** A location bound to the provider that serves it. */
export interface BoundLocation {
  readonly location: LocationConfig;
  readonly provider: VaultProvider<LocationConfig>;
  /** `describe(location)`: the label used in every message about this location. */
  readonly label: string;
}

/** Loads providers on first use and binds locations to them. One per process entry point. */
export interface ProviderSet {
  bind(location: LocationConfig): Promise<BoundLocation>;
  /** Names of the providers loaded so far (tests assert lazy loading with it). */
  loaded(): ProviderName[];
}

/** Builds the provider set for one config. */
export function createProviderSet(settings: ProvidersSettings, deps: ProviderDeps): ProviderSet {
  const instances = new Map<ProviderName, Promise<VaultProvider<LocationConfig>>>();
  const instance = (name: ProviderName): Promise<VaultProvider<LocationConfig>> => {
    let loading = instances.get(name);
    if (!loading) {
      const definition = providerRegistry[name] as unknown as ProviderDefinition<
        LocationConfig,
        unknown
      >;
      loading = definition.load(settings[name], deps);
      instances.set(name, loading);
    }
    return loading;
  };
  return {
    async bind(location) {
      const provider = await instance(location.provider);
      return { location, provider, label: provider.describe(location) };
    },
    loaded: () => [...instances.keys()],
  };
}
