import { z } from 'zod';
import { SEVERITIES } from './severity.js';

/** Environment variable names: where a secret is read from (never the secret itself). */
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as SLACK_WEBHOOK_URL');

/** Optional label of a channel in logs and results; defaults to its type. */
const channelName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits and _.- (at most 64)')
  .optional();

/** A Slack incoming webhook; its URL is a secret, so only the variable's name is in the file. */
export const slackChannelSchema = z
  .object({
    type: z.literal('slack'),
    name: channelName,
    /** Name of the environment variable holding the incoming webhook URL. */
    webhookUrlEnv: envName,
  })
  .strict();

/** An SNS topic; the ARN is given directly or through an environment variable (Lambda). */
export const snsChannelSchema = z
  .object({
    type: z.literal('sns'),
    name: channelName,
    /** e.g. `arn:aws:sns:eu-west-1:123456789012:cativa-keys-alerts`. */
    topicArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'an SNS topic ARN')
      .optional(),
    /** Name of the environment variable holding the topic ARN, when `topicArn` is not set. */
    topicArnEnv: envName.optional(),
    /** Region of the topic; default: the ARN's region. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as eu-west-1')
      .optional(),
  })
  .strict()
  .refine((c) => (c.topicArn === undefined) !== (c.topicArnEnv === undefined), {
    message: 'set exactly one of topicArn and topicArnEnv',
  });

/** A generic JSON webhook, signed with HMAC-SHA256 (see docs/alerts.md). */
export const webhookChannelSchema = z
  .object({
    type: z.literal('webhook'),
    name: channelName,
    /** Name of the environment variable holding the URL (it may embed a token). */
    urlEnv: envName,
    /** Name of the environment variable holding the HMAC secret (at least 32 characters). */
    secretEnv: envName,
  })
  .strict();

export const alertChannelSchema = z.discriminatedUnion('type', [
  slackChannelSchema,
  snsChannelSchema,
  webhookChannelSchema,
]);
export type AlertChannelConfig = z.infer<typeof alertChannelSchema>;

/** `alerts:` in cativa-keys.yaml. Without channels, runs alert nobody (metrics and logs only). */
export const alertsConfigSchema = z
  .object({
    /** Findings below this severity are left out; no alert is sent when none is left. */
    minSeverity: z.enum(SEVERITIES).default('info'),
    /** A rotation pending for longer than this is alerted as stuck, in hours. */
    rotationStuckAfterHours: z.number().positive().max(8760).default(24),
    /** Retries after the first attempt, per channel and alert. */
    retries: z.number().int().min(0).max(5).default(2),
    /** First delay between attempts, in milliseconds; doubles each retry (with jitter). */
    retryBaseMs: z.number().int().min(0).max(60_000).default(1000),
    /** Limit per delivery attempt, in milliseconds. */
    timeoutMs: z.number().int().positive().max(60_000).default(10_000),
    channels: z.array(alertChannelSchema).default([]),
  })
  .strict()
  .superRefine((alerts, ctx) => {
    const seen = new Map<string, number>();
    alerts.channels.forEach((channel, i) => {
      const name = channel.name ?? channel.type;
      const other = seen.get(name);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['channels', i, 'name'],
          message: `channels[${other}] is also called '${name}'; give each channel a distinct name`,
        });
      }
      seen.set(name, i);
    });
  });
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
