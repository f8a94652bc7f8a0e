import type { FetchFunction } from '@slack/webhook';
import type { Clock } from '../clock.js';
import { Secret } from '../secret.js';
import type { AlertChannel } from './channel.js';
import type { AlertChannelConfig, AlertsConfig } from './config.js';
import { AlertDeliveryError, AlertErrorCode } from './errors.js';
import { createSlackChannel } from './slack-channel.js';
import { createSnsChannel, type SnsPort } from './sns-channel.js';
import { createSnsClient } from './sns-client.js';
import { createWebhookChannel, type WebhookFetch } from './webhook-channel.js';
import { MIN_SECRET_LENGTH } from './webhook-signature.js';

/** What building channels needs: the environment (secrets by name) and injectable transports. */
export interface ChannelDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  /**
   * Gives the SNS client of a region (`undefined`: the SDK's default); called on first send.
   * Default: the real client, loaded lazily.
   */
  readonly sns?: (region: string | undefined) => Promise<SnsPort>;
  /** Transport of the generic webhook. Default: the global `fetch`. */
  readonly webhookFetch?: WebhookFetch;
  /** Transport of Slack webhooks. Default: the global `fetch`. */
  readonly slackFetch?: FetchFunction;
}

/** A channel that cannot be built; every send fails without retry, naming what is missing. */
function brokenChannel(config: AlertChannelConfig, name: string, problem: string): AlertChannel {
  return {
    name,
    type: config.type,
    secrets: [],
    send: async () => {
      throw new AlertDeliveryError(name, problem, {
        retryable: false,
        code: AlertErrorCode.channelConfig,
      });
    },
  };
}

class MissingEnv extends Error {}

function secretFrom(env: ChannelDeps['env'], name: string): Secret {
  const value = env[name]?.trim();
  if (!value) throw new MissingEnv(`environment variable ${name} is not set`);
  return new Secret(value);
}

function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

function build(
  config: AlertChannelConfig,
  name: string,
  alerts: AlertsConfig,
  deps: ChannelDeps,
): AlertChannel {
  switch (config.type) {
    case 'slack':
      return createSlackChannel({
        name,
        webhookUrl: secretFrom(deps.env, config.webhookUrlEnv),
        timeoutMs: alerts.timeoutMs,
        ...(deps.slackFetch ? { fetch: deps.slackFetch } : {}),
      });
    case 'sns': {
      const topicArn = config.topicArn ?? secretFrom(deps.env, config.topicArnEnv ?? '').reveal();
      if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(topicArn)) {
        throw new MissingEnv(`environment variable ${config.topicArnEnv} is not an SNS topic ARN`);
      }
      const region = config.region ?? regionOfArn(topicArn);
      const sns = deps.sns ?? createSnsClient;
      return createSnsChannel({ name, topicArn, client: () => sns(region) });
    }
    case 'webhook': {
      const secret = secretFrom(deps.env, config.secretEnv);
      if (secret.reveal().length < MIN_SECRET_LENGTH) {
        throw new MissingEnv(
          `the HMAC secret in ${config.secretEnv} is shorter than ${MIN_SECRET_LENGTH} characters`,
        );
      }
      return createWebhookChannel({
        name,
        url: secretFrom(deps.env, config.urlEnv),
        secret,
        clock: deps.clock,
        ...(deps.webhookFetch ? { fetch: deps.webhookFetch } : {}),
      });
    }
  }
}

/**
 * Builds the configured channels. A channel whose secret is missing from the environment is
 * still returned, as one that fails on every send: the failure is reported per run like any
 * other channel failure, and the other channels still get the alert.
 */
export function createChannels(alerts: AlertsConfig, deps: ChannelDeps): AlertChannel[] {
  return alerts.channels.map((config) => {
    const name = config.name ?? config.type;
    try {
      return build(config, name, alerts, deps);
    } catch (error) {
      if (error instanceof MissingEnv) return brokenChannel(config, name, error.message);
      throw error;
    }
  });
}
