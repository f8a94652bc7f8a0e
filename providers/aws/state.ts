import type { Tag } from '@aws-sdk/client-secrets-manager';
import { VaultError } from '../../src/errors.js';
import type { AwsLocation } from './config.js';
import { AwsErrorCode, awsErrorName, toVaultError } from './errors.js';
import type { SecretsManagerPort } from './port.js';

/** The staging labels that carry the slots: `current`, `pending`, `previous`. */
export const Stage = {
  current: 'AWSCURRENT',
  pending: 'AWSPENDING',
  previous: 'AWSPREVIOUS',
} as const;
export type Stage = (typeof Stage)[keyof typeof Stage];

/** One secret version as read with an explicit `VersionStage`. */
export interface VersionRead {
  readonly versionId: string;
  /** Undefined when the version has no string value (empty, or binary). */
  readonly secretString: string | undefined;
  readonly binary: boolean;
  /** When AWS created the version (AWS's clock). */
  readonly createdDate: Date | undefined;
}

/** What the provider knows of one secret at one moment: labels, tags and the labelled values. */
export interface SecretState {
  /** False when the secret does not exist (the location is empty). */
  readonly exists: boolean;
  /** The secret's ARN (used for every later call), or undefined when it does not exist. */
  readonly arn: string | undefined;
  /** Version id -> staging labels, as AWS listed them. */
  readonly stages: ReadonlyMap<string, readonly string[]>;
  readonly tags: readonly Tag[];
  readonly rotationEnabled: boolean;
  /** Values of the labels read; a label absent here is attached to no version with a value. */
  readonly versions: Partial<Record<Stage, VersionRead>>;
}

/** An empty location: the secret does not exist. */
export const MISSING: SecretState = {
  exists: false,
  arn: undefined,
  stages: new Map(),
  tags: [],
  rotationEnabled: false,
  versions: {},
};

/** The version a label is attached to, from the listed labels. */
export function holderOf(state: Pick<SecretState, 'stages'>, stage: Stage): string | undefined {
  for (const [id, stages] of state.stages) if (stages.includes(stage)) return id;
  return undefined;
}

/** Turns the SDK's `VersionIdsToStages` / `SecretVersionsToStages` into a map. */
export function stageMap(
  raw: Record<string, string[]> | undefined,
): ReadonlyMap<string, readonly string[]> {
  return new Map(Object.entries(raw ?? {}));
}

/**
 * Reads the value a label points to, with an explicit `VersionStage` (never the default version:
 * moto can serve a stale one). Undefined when the label is attached to no version with a value.
 */
export async function readStage(
  port: SecretsManagerPort,
  secretId: string,
  stage: Stage,
  label: string,
): Promise<VersionRead | undefined> {
  try {
    const out = await port.getSecretValue({ SecretId: secretId, VersionStage: stage });
    if (!out.VersionId) return undefined;
    return {
      versionId: out.VersionId,
      secretString: out.SecretString,
      binary: out.SecretBinary !== undefined,
      createdDate: out.CreatedDate,
    };
  } catch (error) {
    // The label moved away, or sits on a version AWS created for a rotation without a value.
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    throw toVaultError(error, label, `GetSecretValue ${stage}`);
  }
}

/**
 * Reads a secret's labels and tags (`DescribeSecret`), then the values of the wanted labels that
 * are attached (one `GetSecretValue` each). A missing secret is an empty location; a secret
 * scheduled for deletion is an error (it can be neither read nor written).
 */
export async function loadState(
  port: SecretsManagerPort,
  location: AwsLocation,
  label: string,
  wanted: readonly Stage[],
): Promise<SecretState> {
  let described: Awaited<ReturnType<SecretsManagerPort['describeSecret']>>;
  try {
    described = await port.describeSecret({ SecretId: location.secretId });
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return MISSING;
    throw toVaultError(error, label, 'DescribeSecret');
  }
  if (described.DeletedDate) {
    throw new VaultError(label, 'the secret is scheduled for deletion; restore it first', {
      code: AwsErrorCode.invalidRequest,
      ...(described.$metadata.requestId ? { requestId: described.$metadata.requestId } : {}),
    });
  }
  const arn = described.ARN ?? location.secretId;
  const stages = stageMap(described.VersionIdsToStages);
  const current = holderOf({ stages }, Stage.current);
  // A label on the current version holds the current value: one read serves both.
  const attached = wanted.filter((s) => {
    const holder = holderOf({ stages }, s);
    return holder !== undefined && (s === Stage.current || holder !== current);
  });
  const reads = await Promise.all(attached.map((s) => readStage(port, arn, s, label)));
  const versions: Partial<Record<Stage, VersionRead>> = {};
  attached.forEach((s, i) => {
    const read = reads[i];
    if (read) versions[s] = read;
  });
  return {
    exists: true,
    arn,
    stages,
    tags: described.Tags ?? [],
    rotationEnabled: described.RotationEnabled === true,
    versions,
  };
}
