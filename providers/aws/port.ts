import type {
  BatchGetSecretValueCommandInput,
  BatchGetSecretValueCommandOutput,
  CreateSecretCommandInput,
  CreateSecretCommandOutput,
  DescribeSecretCommandInput,
  DescribeSecretCommandOutput,
  GetSecretValueCommandInput,
  GetSecretValueCommandOutput,
  ListSecretsCommandInput,
  ListSecretsCommandOutput,
  PutSecretValueCommandInput,
  PutSecretValueCommandOutput,
  SecretsManager,
  TagResourceCommandInput,
  TagResourceCommandOutput,
  UpdateSecretVersionStageCommandInput,
  UpdateSecretVersionStageCommandOutput,
} from '@aws-sdk/client-secrets-manager';

/**
 * The narrow part of the AWS SDK v3 Secrets Manager client the provider uses. The SDK's
 * `SecretsManager` class satisfies it (checked below at compile time); unit tests pass fakes
 * that reject any call they do not expect.
 */
export interface SecretsManagerPort {
  describeSecret(input: DescribeSecretCommandInput): Promise<DescribeSecretCommandOutput>;
  getSecretValue(input: GetSecretValueCommandInput): Promise<GetSecretValueCommandOutput>;
  batchGetSecretValue(
    input: BatchGetSecretValueCommandInput,
  ): Promise<BatchGetSecretValueCommandOutput>;
  listSecrets(input: ListSecretsCommandInput): Promise<ListSecretsCommandOutput>;
  createSecret(input: CreateSecretCommandInput): Promise<CreateSecretCommandOutput>;
  putSecretValue(input: PutSecretValueCommandInput): Promise<PutSecretValueCommandOutput>;
  updateSecretVersionStage(
    input: UpdateSecretVersionStageCommandInput,
  ): Promise<UpdateSecretVersionStageCommandOutput>;
  tagResource(input: TagResourceCommandInput): Promise<TagResourceCommandOutput>;
}

/** Compile-time proof that the real SDK client fits the port. */
export const sdkClientFitsPort = (client: SecretsManager): SecretsManagerPort => client;

/** Gives the client of one region (`undefined`: the SDK's default chain picks it). */
export type ClientForRegion = (region: string | undefined) => SecretsManagerPort;
