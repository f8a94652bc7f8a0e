import { z } from 'zod';

/** AWS region names such as `eu-west-1` or `us-gov-west-1`. */
const regionSchema = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as eu-west-1');

/**
 * A secret name or ARN as AWS accepts it: names use letters, digits and `/_+=.@-`; ARNs are
 * `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[-<6 chars>]`.
 */
const secretIdSchema = z
  .string()
  .min(1)
  .max(2048)
  .refine(
    (id) =>
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/.test(id) ||
      /^[A-Za-z0-9/_+=.@-]{1,512}$/.test(id),
    'a secret name (letters, digits and /_+=.@-) or a secretsmanager ARN',
  );

/** A location in AWS Secrets Manager: one secret, or one field of a JSON secret. */
export const awsLocationSchema = z
  .object({
    provider: z.literal('aws'),
    /** Secret name or ARN. */
    secretId: secretIdSchema,
    /** Region of the secret; default: the ARN's region, then `providers.aws.region`, then the SDK chain. */
    region: regionSchema.optional(),
    /**
     * When set, the key is this field of a JSON object `SecretString`; the other fields are kept
     * on every write. When absent, the whole `SecretString` is the key.
     */
    field: z.string().min(1).max(200).optional(),
  })
  .strict();
export type AwsLocation = z.infer<typeof awsLocationSchema>;

/** Provider-wide settings of AWS Secrets Manager (`providers.aws` in the config). */
export const awsSettingsSchema = z
  .object({
    /** Region for locations that name none and are no ARN; default: the SDK chain (`AWS_REGION`, profile). */
    region: regionSchema.optional(),
    /** Attempts per AWS call, the first included (SDK adaptive retry mode: throttling and 5xx). */
    maxAttempts: z.number().int().min(1).max(10).default(4),
    /** Prefix of the tags the tool writes on secrets (when keys were stored, when promoted). */
    tagPrefix: z
      .string()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9_.:/=+@-]+$/, 'letters, digits and _.:/=+@- only')
      .refine((p) => !p.toLowerCase().startsWith('aws:'), 'the aws: prefix is reserved by AWS')
      .default('cativa-keys:'),
    /**
     * Name prefix shared by the managed secrets (e.g. `cativa/`). When every secret of an audit
     * starts with it, `ListSecrets` filters on the prefix and reads pages of 100, rather than
     * one call per 10 names (the most values one filter takes).
     */
    listPrefix: z.string().min(1).max(512).optional(),
    /** AWS calls in flight at once during a batched read. */
    concurrency: z.number().int().min(1).max(32).default(8),
  })
  .strict();
export type AwsSettings = z.infer<typeof awsSettingsSchema>;
