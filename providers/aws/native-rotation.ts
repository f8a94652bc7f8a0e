import { createClientCache, regionOf } from './clients.js';
import type { AwsLocation, AwsSettings } from './config.js';
import { awsErrorName, toVaultError } from './errors.js';
import type { ClientForRegion } from './port.js';
import { Stage } from './state.js';
import { contentOf } from './value.js';

/** What the rotation function's guards need to know of the event's secret and version. */
export interface RotationVersionView {
  readonly arn: string;
  readonly name: string;
  /** `RotationEnabled` of the secret. */
  readonly rotationEnabled: boolean;
  /** Staging labels of the event's version; undefined when the secret has no such version. */
  readonly tokenStages: readonly string[] | undefined;
}

/**
 * The AWS-specific reads of the native rotation function (the Lambda that Secrets Manager
 * invokes with `{SecretId, ClientRequestToken, Step}`); everything else goes through the provider
 * interface and the rotation engine.
 */
export interface NativeRotation {
  /** Reads the secret's rotation state and the labels of version `token` (`DescribeSecret`). */
  inspect(secretId: string, token: string): Promise<RotationVersionView>;
  /** True when version `token` holds a key for `location` under AWSPENDING (someone staged it). */
  tokenHoldsKey(location: AwsLocation, token: string): Promise<boolean>;
}

/** True when a configured location names the secret (by name, ARN, or ARN without its suffix). */
export function namesSecret(location: AwsLocation, arn: string, name: string): boolean {
  const id = location.secretId;
  return id === name || id === arn || (id.startsWith('arn:') && arn.startsWith(`${id}-`));
}

/** Builds the native rotation reads over one SDK client per region. */
export function createNativeRotation(
  settings: AwsSettings,
  options: { readonly clientFor?: ClientForRegion } = {},
): NativeRotation {
  const clientFor = options.clientFor ?? createClientCache(settings);
  const portOf = (location: Pick<AwsLocation, 'secretId' | 'region'>) =>
    clientFor(regionOf(location, settings));
  return {
    async inspect(secretId, token) {
      const label = `aws:${secretId}`;
      try {
        const out = await portOf({ secretId }).describeSecret({
          SecretId: secretId,
        });
        return {
          arn: out.ARN ?? secretId,
          name: out.Name ?? secretId,
          rotationEnabled: out.RotationEnabled === true,
          tokenStages: out.VersionIdsToStages?.[token],
        };
      } catch (error) {
        throw toVaultError(error, label, 'DescribeSecret');
      }
    },

    async tokenHoldsKey(location, token) {
      const label = `aws:${location.secretId}`;
      try {
        const out = await portOf(location).getSecretValue({
          SecretId: location.secretId,
          VersionId: token,
          VersionStage: Stage.pending,
        });
        const content = contentOf(location, label, {
          secretString: out.SecretString,
          binary: out.SecretBinary !== undefined,
        });
        return content.kind === 'key';
      } catch (error) {
        // An empty version (AWS created it for the rotation; nobody staged a key into it).
        if (awsErrorName(error) === 'ResourceNotFoundException') return false;
        throw toVaultError(error, label, 'GetSecretValue AWSPENDING');
      }
    },
  };
}
