import { z } from 'zod';
import {
  locationSchema,
  providerRegistry,
  providersSettingsSchema,
} from '../../providers/registry.js';
import { alertsConfigSchema } from '../alerts/config.js';

/** Where Cativa answers by default. */
export const DEFAULT_CATIVA_BASE_URL = 'https://apis.cativalab.digital';

const days = z.number().positive().max(3650);

/** Age and retirement policy; the defaults are Cativa's 90-day recommendation. */
export const policySchema = z
  .object({
    /** Days after which a key is `stale`. */
    maxAgeDays: days.default(90),
    /** Days after which a key is `due` for rotation. */
    warnAgeDays: days.default(75),
    /** Days after promotion within which the old key should have been revoked. */
    retireGraceDays: days.default(7),
  })
  .strict();
export type Policy = z.infer<typeof policySchema>;

/** One Cativa API key as the team knows it, and where its copies live. */
export const managedKeySchema = z
  .object({
    /** The key's name as in the Cativa Console, e.g. `Sync HubSpot prod`. */
    name: z.string().trim().min(1).max(200),
    /** The `customer` that `/social/v1/auth/me` must return for this key. */
    tenant: z.string().trim().min(1),
    /** When set, `/auth/me` must return this user `id`. */
    userId: z.string().min(1).optional(),
    /** When set, `/auth/me` must return this `role`. */
    role: z.string().min(1).optional(),
    /** Where the key is kept; the first is the primary, the others replicas. */
    locations: z.array(locationSchema).min(1),
    /** Per-key override of the policy. */
    policy: policySchema.partial().optional(),
  })
  .strict();
export type ManagedKeyConfig = z.infer<typeof managedKeySchema>;

/** The whole `cativa-keys.yaml`. Credentials are never in it: they come from the environment. */
export const configSchema = z
  .object({
    /** JSON Schema reference for editors; ignored by the tool. */
    $schema: z.string().optional(),
    cativa: z
      .object({
        /** Base URL of the Cativa API; `https` unless loopback. */
        baseUrl: z.url().default(DEFAULT_CATIVA_BASE_URL),
        /** Per-request timeout, in milliseconds. */
        timeoutMs: z.number().int().positive().max(120_000).default(10_000),
        /** Retries after the first attempt on 429/5xx/network errors. */
        retries: z.number().int().min(0).max(10).default(3),
      })
      .strict()
      .prefault({}),
    policy: policySchema.prefault({}),
    audit: z
      .object({
        /** How many keys are audited at once. */
        concurrency: z.number().int().min(1).max(256).default(16),
      })
      .strict()
      .prefault({}),
    providers: providersSettingsSchema,
    /** Where scheduled runs (Lambda, `watch`) send alerts; see docs/alerts.md. */
    alerts: alertsConfigSchema.prefault({}),
    keys: z.array(managedKeySchema).min(1),
  })
  .strict()
  .superRefine((config, ctx) => {
    const checkPolicy = (policy: Partial<Policy>, path: PropertyKey[]) => {
      const warn = policy.warnAgeDays ?? config.policy.warnAgeDays;
      const max = policy.maxAgeDays ?? config.policy.maxAgeDays;
      if (warn > max) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'warnAgeDays'],
          message: `must be at most maxAgeDays (${max})`,
        });
      }
    };
    checkPolicy(config.policy, ['policy']);
    const seen = new Map<string, number>();
    config.keys.forEach((key, i) => {
      if (key.policy) checkPolicy(key.policy, ['keys', i, 'policy']);
      const other = seen.get(key.name.toLowerCase());
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['keys', i, 'name'],
          message: `duplicates the name of keys[${other}]; key names must be unique`,
        });
      }
      seen.set(key.name.toLowerCase(), i);
      const primary = key.locations[0];
      if (primary && !providerRegistry[primary.provider].capabilities.slots) {
        ctx.addIssue({
          code: 'custom',
          path: ['keys', i, 'locations', 0, 'provider'],
          message: `provider '${primary.provider}' cannot hold pending/previous keys, so it cannot be the primary (first) location`,
        });
      }
      const labels = new Set<string>();
      key.locations.forEach((loc, j) => {
        const id = JSON.stringify(loc);
        if (labels.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['keys', i, 'locations', j],
            message: 'the same location is listed twice',
          });
        }
        labels.add(id);
      });
    });
  });
export type Config = z.infer<typeof configSchema>;

/** A managed key with its effective policy resolved. */
export interface ManagedKey extends ManagedKeyConfig {
  readonly effectivePolicy: Policy;
}

/** Resolves each key's effective policy (key overrides over the global policy). */
export function managedKeys(config: Config): ManagedKey[] {
  return config.keys.map((key) => ({
    ...key,
    effectivePolicy: { ...config.policy, ...key.policy },
  }));
}

/** The JSON Schema of the config file, generated from the zod schema (`cativa-keys schema`). */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
}
