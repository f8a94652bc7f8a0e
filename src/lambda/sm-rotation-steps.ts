import type { AwsLocation } from '../../providers/aws/config.js';
import { type NativeRotation, namesSecret } from '../../providers/aws/native-rotation.js';
import type { ProviderSet } from '../../providers/registry.js';
import type { RotationFailure } from '../alerts/rotation-failure.js';
import { shellQuote } from '../audit/next-command.js';
import type { ManagedKey } from '../config/schema.js';
import { commandLine } from '../rotation/commands.js';
import type { RotationEngine } from '../rotation/engine.js';
import type { RotationTarget } from '../rotation/types.js';
import { formatFingerprint } from '../secret.js';
import { NothingStagedError, RotationRefusedError } from './sm-rotation-errors.js';
import type { RotationEvent } from './sm-rotation-event.js';

/** What the steps need, built once per container. */
export interface RotationStepDeps {
  readonly keys: readonly ManagedKey[];
  readonly providers: ProviderSet;
  readonly engine: RotationEngine;
  readonly native: NativeRotation;
  /**
   * Told when a step fails for a known key (nothing staged, validation, promotion), to alert.
   * Must not throw; the step's own error is what Secrets Manager sees.
   */
  readonly onFailure?: (failure: RotationFailure) => Promise<void>;
}

/** What a step did, for the log (fingerprints only). */
export interface StepResult {
  readonly step: RotationEvent['Step'];
  readonly keyName: string | undefined;
  /** `already-current`: the version is AWSCURRENT, so the rotation already finished. */
  readonly outcome:
    | 'already-current'
    | 'staged-key-found'
    | 'nothing-to-set'
    | 'validated'
    | 'promoted';
  readonly detail?: string;
}

/** The managed key whose primary location is this secret (one key per secret). */
function keyOf(
  keys: readonly ManagedKey[],
  arn: string,
  name: string,
): ManagedKey & { primary: AwsLocation } {
  const found = keys.flatMap((key) => {
    const primary = key.locations[0];
    return primary?.provider === 'aws' && namesSecret(primary, arn, name)
      ? [{ ...key, primary }]
      : [];
  });
  const [key] = found;
  if (!key) {
    throw new RotationRefusedError(
      `no managed key has secret ${name} as its primary location; add it to the config`,
    );
  }
  if (found.length > 1) {
    throw new RotationRefusedError(
      `secret ${name} is the primary of ${found.length} keys (${found.map((k) => `'${k.name}'`).join(', ')}); native rotation handles one key per secret`,
    );
  }
  return key;
}

async function targetOf(key: ManagedKey, providers: ProviderSet): Promise<RotationTarget> {
  return { key, locations: await Promise.all(key.locations.map((l) => providers.bind(l))) };
}

/**
 * Runs one step with the guards of AWS's rotation templates: rotation enabled, the version known,
 * a version already AWSCURRENT returns at once, otherwise it must be AWSPENDING. Then:
 * - `createSecret`: checks that the version holds a key a person staged (`cativa-keys stage`
 *   fills the version AWS created for the rotation); otherwise fails, saying what to run;
 * - `setSecret`: nothing (the key was created in the Cativa Console);
 * - `testSecret`: the rotation engine's validation (format, differs from current, `/auth/me`,
 *   tenant, user, role); a failure leaves AWSCURRENT as it was;
 * - `finishSecret`: the engine's promotion: replicas first, then AWSCURRENT at the primary.
 */
export async function runRotationStep(
  event: RotationEvent,
  deps: RotationStepDeps,
): Promise<StepResult> {
  const token = event.ClientRequestToken;
  const view = await deps.native.inspect(event.SecretId, token);
  if (!view.rotationEnabled) {
    throw new RotationRefusedError(`rotation is not enabled for secret ${view.name}`);
  }
  if (!view.tokenStages) {
    throw new RotationRefusedError(`secret ${view.name} has no version ${token} to rotate`);
  }
  if (view.tokenStages.includes('AWSCURRENT')) {
    return { step: event.Step, keyName: undefined, outcome: 'already-current' };
  }
  if (!view.tokenStages.includes('AWSPENDING')) {
    throw new RotationRefusedError(
      `version ${token} of secret ${view.name} is not AWSPENDING; it cannot be rotated`,
    );
  }
  const key = keyOf(deps.keys, view.arn, view.name);
  try {
    return await keyStep(event, key, view, deps);
  } catch (error) {
    const locations = await targetOf(key, deps.providers).then(
      (t) => t.locations.map((l) => l.label),
      () => [],
    );
    await deps.onFailure?.({
      keyName: key.name,
      tenant: key.tenant,
      step: event.Step,
      error,
      locations,
      fix: commandLine('status', key.name),
    });
    throw error;
  }
}

/** The step itself, once the guards passed and the key is known. */
async function keyStep(
  event: RotationEvent,
  key: ManagedKey & { primary: AwsLocation },
  view: { arn: string; name: string },
  deps: RotationStepDeps,
): Promise<StepResult> {
  const token = event.ClientRequestToken;
  switch (event.Step) {
    case 'createSecret': {
      if (await deps.native.tokenHoldsKey(key.primary, token)) {
        return { step: event.Step, keyName: key.name, outcome: 'staged-key-found' };
      }
      throw new NothingStagedError(
        `no Cativa key is staged for '${key.name}' in version ${token} of secret ${view.name}, and Cativa keys cannot be created by API. ` +
          `Create a key in the Cativa Console, run \`${commandLine('stage', key.name)}\` (it fills this version), ` +
          `then \`aws secretsmanager rotate-secret --secret-id ${shellQuote(view.arn)}\` to finish. Nothing was changed.`,
      );
    }
    case 'setSecret':
      return { step: event.Step, keyName: key.name, outcome: 'nothing-to-set' };
    case 'testSecret': {
      const validated = await deps.engine.validate(await targetOf(key, deps.providers));
      return {
        step: event.Step,
        keyName: key.name,
        outcome: 'validated',
        detail: formatFingerprint(validated.key),
      };
    }
    case 'finishSecret': {
      const report = await deps.engine.promote(await targetOf(key, deps.providers));
      return {
        step: event.Step,
        keyName: key.name,
        outcome: 'promoted',
        detail: formatFingerprint(report.newKey),
      };
    }
  }
}
