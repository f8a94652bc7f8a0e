import { z } from 'zod';
import { sanitizeText } from '../alerts/sanitize.js';
import { CativaKeysError, ExitCode } from '../errors.js';

/**
 * Env var naming a Secrets Manager secret whose JSON object of strings is added to the
 * environment at cold start: webhook URLs, HMAC secrets and vault tokens then live in Secrets
 * Manager, not in the CloudFormation template or the function's configuration.
 */
export const ENV_SECRET_ENV = 'CATIVA_KEYS_ENV_SECRET_ID';

/** The part of the Secrets Manager client this needs (the SDK's `SecretsManager` fits). */
export interface EnvSecretReader {
  getSecretValue(input: { SecretId: string }): Promise<{ SecretString?: string | undefined }>;
}

/** The env secret could not be read or is not a JSON object of strings. */
export class EnvSecretError extends CativaKeysError {
  override readonly name = 'EnvSecretError';
  readonly code = 'ENV_SECRET_INVALID';
  readonly exitCode = ExitCode.vault;
}

const envObject = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'keys must be environment variable names'),
  z.string(),
);

/**
 * The environment with the env secret's variables added (variables already set win). Without
 * {@link ENV_SECRET_ENV}, returns `env` unchanged and reads nothing.
 */
export async function withEnvSecret(
  env: Readonly<Record<string, string | undefined>>,
  reader: () => Promise<EnvSecretReader>,
): Promise<Readonly<Record<string, string | undefined>>> {
  const secretId = env[ENV_SECRET_ENV]?.trim();
  if (!secretId) return env;
  let text: string | undefined;
  try {
    text = (await (await reader()).getSecretValue({ SecretId: secretId })).SecretString;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'error';
    throw new EnvSecretError(
      `the env secret ${secretId} could not be read (${sanitizeText(name)})`,
      {
        cause: error,
      },
    );
  }
  let parsed: Record<string, string>;
  try {
    parsed = envObject.parse(JSON.parse(text ?? ''));
  } catch {
    // Neither JSON's nor zod's error is passed on, not even as a cause: either quotes the text.
    throw new EnvSecretError(
      `the env secret ${secretId} must be a JSON object of environment variable names to strings`,
    );
  }
  const merged: Record<string, string | undefined> = { ...parsed };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return merged;
}

/** The real Secrets Manager client, loaded on first use. */
export async function secretsManagerReader(): Promise<EnvSecretReader> {
  const { SecretsManager } = await import('@aws-sdk/client-secrets-manager');
  return new SecretsManager({});
}
