import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import type { AwsLocation, AwsSettings } from './config.js';
import type { ClientForRegion, SecretsManagerPort } from './port.js';

/**
 * One SDK client per region, made on first use and kept by the provider instance (no module
 * state). Credentials and endpoint come from the SDK's default chain, so
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER` points it at a local server. Retries: the SDK's adaptive
 * mode (throttling and 5xx, with client-side rate limiting), at most `maxAttempts` attempts.
 */
export function createClientCache(settings: Pick<AwsSettings, 'maxAttempts'>): ClientForRegion {
  const clients = new Map<string, SecretsManagerPort>();
  return (region) => {
    const key = region ?? '';
    let client = clients.get(key);
    if (!client) {
      client = new SecretsManager({
        ...(region ? { region } : {}),
        maxAttempts: settings.maxAttempts,
        retryMode: 'adaptive',
      });
      clients.set(key, client);
    }
    return client;
  };
}

/** The region a location's calls go to: its own, its ARN's, the settings', or the SDK chain's. */
export function regionOf(
  location: Pick<AwsLocation, 'secretId' | 'region'>,
  settings: Pick<AwsSettings, 'region'>,
): string | undefined {
  const fromArn = /^arn:[^:]+:secretsmanager:([^:]+):/.exec(location.secretId)?.[1];
  return location.region ?? fromArn ?? settings.region;
}
