import { z } from 'zod';

/** Default path of the embedded file vault, relative to the config file's directory. */
export const DEFAULT_FILE_VAULT_PATH = 'cativa-keys.vault.json';

/**
 * Name of one entry inside a vault file, e.g. `hubspot-prod`. `__proto__` is refused because
 * JSON object keys of that name do not survive parsing into plain objects.
 */
export const fileEntryNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:/-]+$/, 'letters, digits and . _ : / - only')
  .refine((name) => name !== '__proto__', 'reserved name');

/** A location in the local file vault: one entry of a JSON file. */
export const fileLocationSchema = z
  .object({
    provider: z.literal('file'),
    /** Entry name inside the vault file, e.g. `hubspot-prod`. */
    entry: fileEntryNameSchema,
    /** Vault file; defaults to `providers.file.path`. Relative to the config file. */
    path: z.string().min(1).optional(),
  })
  .strict();
export type FileLocation = z.infer<typeof fileLocationSchema>;

/** Provider-wide settings of the file vault (`providers.file` in the config). */
export const fileSettingsSchema = z
  .object({
    /** Default vault file for locations that name none. Relative to the config file. */
    path: z.string().min(1).default(DEFAULT_FILE_VAULT_PATH),
  })
  .strict();
export type FileSettings = z.infer<typeof fileSettingsSchema>;
