import { randomUUID } from 'node:crypto';
import type { SecretsManager } from '@aws-sdk/client-secrets-manager';

/** A rotation function ARN that does not exist in moto (moto cannot run Lambdas without Docker). */
export const FAKE_ROTATION_LAMBDA =
  'arn:aws:lambda:us-east-1:123456789012:function:cativa-keys-rotation';

/**
 * Does on moto what `RotateSecret` does on AWS before it invokes the rotation function: turns
 * rotation on and creates the version being rotated, labelled AWSPENDING. `immediately` false
 * gives that version a copy of the current value (moto's reading of `RotateImmediately: false`);
 * true leaves it empty, as AWS does. moto then fails looking the function up: that error is
 * expected, and the state it left is checked, so a moto that behaves otherwise fails loudly here.
 * Returns the version's id (the event's `ClientRequestToken`).
 */
export async function startNativeRotation(
  client: SecretsManager,
  secretId: string,
  immediately = true,
): Promise<string> {
  const token = randomUUID();
  const outcome = await client
    .rotateSecret({
      SecretId: secretId,
      ClientRequestToken: token,
      RotationLambdaARN: FAKE_ROTATION_LAMBDA,
      RotationRules: { AutomaticallyAfterDays: 30 },
      RotateImmediately: immediately,
    })
    .then(
      () => 'invoked',
      (e: Error) => e.name,
    );
  if (outcome !== 'ResourceNotFoundException') {
    throw new Error(`moto's RotateSecret answered ${outcome}, not the expected missing function`);
  }
  const described = await client.describeSecret({ SecretId: secretId });
  if (
    !described.RotationEnabled ||
    !described.VersionIdsToStages?.[token]?.includes('AWSPENDING')
  ) {
    throw new Error('moto did not enable rotation with an AWSPENDING version as expected');
  }
  return token;
}
