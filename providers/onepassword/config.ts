import { z } from 'zod';

/** The environment variable that holds the service account token, unless settings name another. */
export const DEFAULT_TOKEN_ENV = 'OP_SERVICE_ACCOUNT_TOKEN';

/** Placeholder of {@link onePasswordSettingsSchema}'s `section` replaced by the location's `field`. */
export const FIELD_PLACEHOLDER = '{field}';

/** A vault, item or field reference: its id, or its title as shown in 1Password. */
const reference = z.string().trim().min(1).max(200);

/** A title the tool gives to a section or field it owns. */
const ownedTitle = z.string().trim().min(1).max(100);

/**
 * A location in 1Password: one field of one item. Each part is an id or a title; a title that
 * matches more than one candidate is refused with the candidates' ids.
 */
export const onePasswordLocationSchema = z
  .object({
    provider: z.literal('onepassword'),
    /** Vault id or title, e.g. `Integrations`. */
    vault: reference,
    /** Item id or title, e.g. `Cativa HubSpot prod`. */
    item: reference,
    /** Field id or title holding the current key, e.g. `credential`. */
    field: reference,
  })
  .strict();
export type OnePasswordLocation = z.infer<typeof onePasswordLocationSchema>;

/** Titles of the fields the tool owns inside its section of an item. */
const ownedFieldsSchema = z
  .object({
    /** Concealed field holding the staged key (the rotation lock). */
    pending: ownedTitle.default('pending'),
    /** Concealed field holding the key replaced by the last promotion. */
    previous: ownedTitle.default('previous'),
    /** Text field where the tool records when each value was stored (JSON, no values). */
    state: ownedTitle.default('state'),
  })
  .strict()
  .refine((f) => new Set([f.pending, f.previous, f.state]).size === 3, 'titles must differ');

/** Provider-wide settings of 1Password (`providers.onepassword` in the config). */
export const onePasswordSettingsSchema = z
  .object({
    /** Name of the environment variable holding the service account token. */
    tokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .default(DEFAULT_TOKEN_ENV),
    /**
     * Title of the section the tool owns in each item, one per managed field: `{field}` is
     * replaced by the location's `field` as written in the config.
     */
    section: ownedTitle.default(`cativa-keys: ${FIELD_PLACEHOLDER}`),
    fields: ownedFieldsSchema.prefault({}),
    /** Retries after a rate-limited call (3 means at most 4 calls). */
    rateLimitRetries: z.number().int().min(0).max(10).default(3),
    /** Items read at once by an audit; 1Password limits service accounts per hour and per burst. */
    concurrency: z.number().int().min(1).max(32).default(4),
  })
  .strict();
export type OnePasswordSettings = z.infer<typeof onePasswordSettingsSchema>;
