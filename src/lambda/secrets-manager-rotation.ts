import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { ChannelResult } from '../alerts/channel.js';
import { systemClock } from '../clock.js';
import { isCativaKeysError } from '../errors.js';
import { lambdaConfigPath } from './config-path.js';
import { secretsManagerReader, withEnvSecret } from './env-secret.js';
import { createLogReplacer } from './log-redaction.js';
import { RotationStepError } from './sm-rotation-errors.js';
import { parseRotationEvent } from './sm-rotation-event.js';
import { buildRotationGraph, type RotationHandlerEnv } from './sm-rotation-graph.js';
import { type RotationStepDeps, runRotationStep, type StepResult } from './sm-rotation-steps.js';

/** Default service name of the logs (`POWERTOOLS_SERVICE_NAME` overrides). */
export const ROTATION_SERVICE_NAME = 'cativa-keys-rotation';

/** The rotation function Secrets Manager invokes once per step. */
export type SecretsManagerRotationHandler = (
  event: unknown,
  context?: Context,
) => Promise<StepResult>;

/**
 * Builds the AWS Secrets Manager rotation function (steps `createSecret`, `setSecret`,
 * `testSecret`, `finishSecret`; see `sm-rotation-steps.ts`). The graph is built on the first
 * invocation and kept for the container's life; a config that fails to load is retried next
 * time. A failed step throws, so Secrets Manager marks the rotation failed and AWSCURRENT stays.
 */
export function createSecretsManagerRotationHandler(
  environment: () => RotationHandlerEnv,
): SecretsManagerRotationHandler {
  let env: RotationHandlerEnv | undefined;
  let logger: Logger | undefined;
  let graph: Promise<RotationStepDeps> | undefined;

  return async (rawEvent, context) => {
    env ??= environment();
    logger ??= new Logger({
      serviceName: env.env.POWERTOOLS_SERVICE_NAME ?? ROTATION_SERVICE_NAME,
      // Cleans keys, session tokens and URLs out of every logged string.
      jsonReplacerFn: createLogReplacer(() => []),
    });
    const log = logger;
    if (context) log.addContext(context);
    try {
      const event = parseRotationEvent(rawEvent);
      log.appendKeys({
        step: event.Step,
        secretId: event.SecretId,
        token: event.ClientRequestToken,
      });
      const current = env;
      const onAlerted = (alerts: readonly ChannelResult[]) => {
        for (const a of alerts) {
          if (a.ok) log.info('rotation failure alert sent', { channel: a.channel });
          else
            log.error('rotation failure alert not delivered', {
              channel: a.channel,
              error: a.error,
            });
        }
      };
      // The env secret (webhook URLs, vault tokens) is merged in as for the audit function.
      graph ??= withEnvSecret(current.env, secretsManagerReader).then((merged) =>
        buildRotationGraph(
          { ...current, env: merged },
          lambdaConfigPath(merged, current.cwd),
          (progress) => log.info('rotation progress', { progress }),
          onAlerted,
        ),
      );
      let deps: RotationStepDeps;
      try {
        deps = await graph;
      } catch (error) {
        graph = undefined;
        throw error;
      }
      const result = await runRotationStep(event, deps);
      log.info('rotation step done', { result });
      return result;
    } catch (error) {
      log.error('rotation step failed', {
        code: isCativaKeysError(error) ? error.code : undefined,
        message: isCativaKeysError(error) ? error.message : (error as Error)?.name,
      });
      if (isCativaKeysError(error)) throw error;
      throw new RotationStepError(
        `unexpected ${(error as Error)?.name ?? 'error'} in the rotation step`,
        {
          cause: error,
        },
      );
    } finally {
      log.resetKeys();
    }
  };
}

/** The Lambda entry point. Reads the process on first call. */
export const handler: SecretsManagerRotationHandler = createSecretsManagerRotationHandler(() => ({
  env: process.env,
  cwd: process.env.LAMBDA_TASK_ROOT ?? process.cwd(),
  clock: systemClock,
}));
