import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { type AuditGraph, buildAuditGraph, type GraphEnv } from '../alerts/audit-graph.js';
import { auditAndAlert } from '../alerts/audit-run.js';
import { systemClock } from '../clock.js';
import { isCativaKeysError } from '../errors.js';
import type { Secret } from '../secret.js';
import { lambdaConfigPath } from './config-path.js';
import { type EnvSecretReader, secretsManagerReader, withEnvSecret } from './env-secret.js';
import { createLogReplacer, loggedError } from './log-redaction.js';
import { AuditRunError } from './run-error.js';
import { type AuditSummary, addRunMetrics, logRun, summarize } from './run-report.js';

/** Default CloudWatch namespace of the metrics (`POWERTOOLS_METRICS_NAMESPACE` overrides). */
export const METRICS_NAMESPACE = 'CativaKeys';
/** Default service name (`POWERTOOLS_SERVICE_NAME` overrides); a metric dimension. */
export const SERVICE_NAME = 'cativa-keys';

/** What the handler is built from; tests inject transports, the real one reads the process. */
export interface HandlerEnv extends GraphEnv {
  /** Reads the env secret named by `CATIVA_KEYS_ENV_SECRET_ID`; default: the real Secrets Manager client. */
  readonly envSecretReader?: () => Promise<EnvSecretReader>;
}

/** The scheduled audit handler. */
export type AuditHandler = (
  event: ScheduledEvent<unknown>,
  context: Context,
) => Promise<AuditSummary>;

/**
 * Builds the handler. Everything (logger, metrics, config, providers, channels) is built on the
 * first invocation and kept for the container's life; a config that fails to load is retried on
 * the next invocation. The only state is in this closure.
 */
export function createAuditHandler(environment: () => HandlerEnv): AuditHandler {
  let tools: { env: HandlerEnv; logger: Logger; metrics: Metrics } | undefined;
  let graph: Promise<AuditGraph> | undefined;
  let secrets: readonly Secret[] = [];

  const toolsOnce = () => {
    if (!tools) {
      const env = environment();
      tools = {
        env,
        logger: new Logger({
          serviceName: env.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME,
          jsonReplacerFn: createLogReplacer(() => secrets),
        }),
        metrics: new Metrics({
          namespace: env.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
          serviceName: env.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME,
        }),
      };
    }
    return tools;
  };

  return async (event, context) => {
    const { env, logger, metrics } = toolsOnce();
    logger.addContext(context);
    logger.appendKeys({ scheduledAt: event?.time, eventId: event?.id });
    try {
      graph ??= withEnvSecret(env.env, env.envSecretReader ?? secretsManagerReader)
        .then((merged) =>
          buildAuditGraph({ ...env, env: merged }, lambdaConfigPath(merged, env.cwd)),
        )
        .then((g) => {
          secrets = g.channels.flatMap((c) => c.secrets);
          return g;
        });
      let built: AuditGraph;
      try {
        built = await graph;
      } catch (error) {
        graph = undefined;
        throw error;
      }
      const outcome = await auditAndAlert(built.keys, built, {
        concurrency: built.loaded.config.audit.concurrency,
        source: 'lambda',
        onAttemptFailed: (channel, attempt, error) =>
          logger.warn('alert attempt failed', { channel: channel.name, attempt, error }),
      });
      logRun(logger, outcome);
      addRunMetrics(metrics, outcome.metrics);
      return summarize(outcome);
    } catch (error) {
      logger.error('the audit could not run', { error });
      metrics.addMetric('AuditFailures', MetricUnit.Count, 1);
      // The runtime prints what the handler throws: only our own, cleaned message goes out.
      const message = error instanceof Error ? loggedError(error, secrets).message : String(error);
      throw new AuditRunError(
        isCativaKeysError(error) ? message : `unexpected ${(error as Error)?.name ?? 'error'}`,
        { cause: error },
      );
    } finally {
      metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}

/** The Lambda entry point (`handler` in serverless.yml). Reads the process on first call. */
export const handler: AuditHandler = createAuditHandler(() => ({
  env: process.env,
  cwd: process.env.LAMBDA_TASK_ROOT ?? process.cwd(),
  clock: systemClock,
}));
