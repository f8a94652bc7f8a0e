import { randomUUID } from 'node:crypto';
import { shellQuote } from '../audit/next-command.js';
import type { Clock } from '../clock.js';
import { isCativaKeysError } from '../errors.js';
import type { Fingerprint } from '../secret.js';
import type { AlertChannel, ChannelResult } from './channel.js';
import type { AlertsConfig } from './config.js';
import type { AlertDigest, AlertSource } from './digest-types.js';
import { dispatchAlert } from './dispatch.js';
import { sanitizeText } from './sanitize.js';

/** A rotation that failed, as the rotation engine knows it. */
export interface RotationFailure {
  /** The key's name as in the Cativa Console. */
  readonly keyName: string;
  readonly tenant: string;
  /** The step that failed, e.g. `validate` or `promote`. */
  readonly step: string;
  /**
   * Why. For the project's own errors the message is sent with fingerprint hashes cut; any other
   * error is sent as its name only (its message is not trusted to be free of secrets).
   */
  readonly error: unknown;
  /** The new key; only its hint (`cativa_live_…3e4f`) is sent. */
  readonly pending?: Fingerprint;
  /** Location labels, the primary first. */
  readonly locations: readonly string[];
  /** The command that resolves it. Default: `cativa-keys status <name>`. */
  readonly fix?: string;
}

/** What sending needs: the channels, the retry settings and a clock. */
export interface RotationAlertDeps {
  readonly channels: readonly AlertChannel[];
  readonly alerts: Pick<AlertsConfig, 'retries' | 'retryBaseMs' | 'timeoutMs'>;
  readonly clock: Clock;
  /** Default `rotation`. */
  readonly source?: AlertSource;
}

function reasonOf(error: unknown): { message: string; traceId?: string } {
  const traceId = (error as { traceId?: unknown } | undefined)?.traceId;
  const trace = typeof traceId === 'string' ? { traceId } : {};
  if (isCativaKeysError(error)) return { message: sanitizeText(error.message), ...trace };
  const name = error instanceof Error ? error.name : typeof error;
  return { message: `unexpected ${name}`, ...trace };
}

/** The alert of one failed rotation: a digest with a single critical item. */
export function rotationFailureDigest(
  failure: RotationFailure,
  at: Date,
  source: AlertSource = 'rotation',
): AlertDigest {
  const reason = reasonOf(failure.error);
  return {
    type: 'cativa-keys.rotation.failure',
    version: 1,
    id: randomUUID(),
    generatedAt: at.toISOString(),
    source,
    title: `cativa-keys: rotation of '${failure.keyName}' failed at ${failure.step}`,
    keysAudited: 1,
    counts: { critical: 1, warning: 0, info: 0 },
    groups: [
      {
        severity: 'critical',
        items: [
          {
            key: failure.keyName,
            tenant: failure.tenant,
            status: 'rotation-failed',
            severity: 'critical',
            ageDays: undefined,
            ageEstimated: false,
            fingerprint: failure.pending?.hint,
            locations: failure.locations,
            findings: [
              {
                status: 'rotation-failed',
                message: `${failure.step}: ${reason.message}`,
                ...(failure.locations[0] ? { location: failure.locations[0] } : {}),
                ...(reason.traceId ? { traceId: reason.traceId } : {}),
              },
            ],
            fix: sanitizeText(failure.fix ?? `cativa-keys status ${shellQuote(failure.keyName)}`),
          },
        ],
      },
    ],
  };
}

/**
 * Alerts every channel that a rotation failed (for the rotation engine to call when the new key
 * fails validation, or a promotion stops). Never throws; returns one result per channel.
 */
export async function sendRotationFailureAlert(
  failure: RotationFailure,
  deps: RotationAlertDeps,
): Promise<ChannelResult[]> {
  if (deps.channels.length === 0) return [];
  const digest = rotationFailureDigest(failure, deps.clock.now(), deps.source);
  return dispatchAlert(digest, deps.channels, deps.alerts);
}
