import { z } from 'zod';

/** Where Doppler's API answers by default. */
export const DEFAULT_DOPPLER_BASE_URL = 'https://api.doppler.com';

/** Environment variable that holds the Doppler token unless a location or the settings name another. */
export const DEFAULT_DOPPLER_TOKEN_ENV = 'DOPPLER_TOKEN';

/**
 * Project and config slugs. The SDK (1.3.0) builds query strings with `encodeURI` only, which
 * leaves `&`, `=`, `#`, `+` and `?` as they are: `project=a&b` would inject a parameter and a `#`
 * would cut the URL. Only characters that survive `encodeURI` unchanged and mean nothing in a
 * query are accepted.
 */
export const dopplerSlugSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    'letters, digits and _ . - only, starting with a letter or digit',
  );

/** A Doppler secret name: letters, digits and underscores, not starting with a digit. */
export const dopplerSecretNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'letters, digits and underscores only, not starting with a digit',
  );

const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

/** A location in Doppler: one secret of one config. */
export const dopplerLocationSchema = z
  .object({
    provider: z.literal('doppler'),
    /** Project slug, e.g. `backend`. */
    project: dopplerSlugSchema,
    /** Config name, e.g. `prd`. */
    config: dopplerSlugSchema,
    /** Secret name, e.g. `CATIVA_API_KEY`. */
    name: dopplerSecretNameSchema,
    /**
     * Environment variable holding the token for this location, when it differs from
     * `providers.doppler.tokenEnv` (one service token per config is the recommended set-up).
     */
    tokenEnv: envNameSchema.optional(),
  })
  .strict();
export type DopplerLocation = z.infer<typeof dopplerLocationSchema>;

const suffixSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_]+$/, 'letters, digits and underscores only');

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Provider-wide settings of Doppler (`providers.doppler` in the config). */
export const dopplerSettingsSchema = z
  .object({
    /** Base URL of the Doppler API; `https` unless loopback (the token travels in a header). */
    baseUrl: z
      .url()
      .default(DEFAULT_DOPPLER_BASE_URL)
      .refine((text) => {
        const url = new URL(text);
        return (
          url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname))
        );
      }, 'must be https (http only for localhost)'),
    /** Environment variable holding the token (a service token scoped to the config is best). */
    tokenEnv: envNameSchema.default(DEFAULT_DOPPLER_TOKEN_ENV),
    /** Suffix of the sibling secret holding the staged key (`CATIVA_API_KEY_PENDING`). */
    pendingSuffix: suffixSchema.default('_PENDING'),
    /** Suffix of the sibling secret holding the key before the last promotion. */
    previousSuffix: suffixSchema.default('_PREVIOUS'),
    /** Suffix of the sibling secret where the tool records rotation times (JSON, no key values). */
    recordSuffix: suffixSchema.default('_ROTATED_AT'),
    /** Time limit of one HTTP request, in milliseconds, body included. */
    timeoutMs: z.number().int().min(50).max(120_000).default(10_000),
    /** Retries after the first attempt of a read (429, 5xx, timeouts, network errors). */
    retries: z.number().int().min(0).max(10).default(3),
    /** Longest `Retry-After` the provider waits for, in milliseconds; longer ones fail at once. */
    maxRetryAfterMs: z.number().int().min(0).max(300_000).default(30_000),
    /** Config logs per page when estimating ages (`per_page`). */
    logPageSize: z.number().int().min(1).max(100).default(20),
    /** Most config logs examined per config and read when estimating ages. */
    maxLogsExamined: z.number().int().min(0).max(1000).default(20),
  })
  .strict()
  .refine((s) => new Set([s.pendingSuffix, s.previousSuffix, s.recordSuffix]).size === 3, {
    message: 'pendingSuffix, previousSuffix and recordSuffix must differ',
    path: ['recordSuffix'],
  });
export type DopplerSettings = z.infer<typeof dopplerSettingsSchema>;
