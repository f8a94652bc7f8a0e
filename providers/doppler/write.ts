import { createHash } from 'node:crypto';
import type { SecretsUpdateRequest } from '@dopplerhq/node-sdk';
import { VaultError } from '../../src/errors.js';
import type { DopplerClient } from './client.js';
import type { DopplerLocation } from './config.js';
import { DopplerErrorCode } from './errors.js';
import type { ChangeRequest } from './plan.js';
import { type DopplerRequestError, isDopplerRequestError } from './request-error.js';
import type { LocationState } from './state.js';

/** What one compare-and-set write needs. */
export interface WriteContextDeps {
  readonly client: DopplerClient;
  readonly location: DopplerLocation;
  readonly label: string;
  /** Reads the location's four secrets (one list call). */
  readState(): Promise<LocationState>;
  wrap(action: string, error: unknown): Error;
  /** POSTs after the first one, when an answer was lost or refused under compare-and-set. */
  readonly retries: number;
  /** Waits before a new POST, in milliseconds. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly backoffBaseMs: number;
}

/**
 * Statuses with which Doppler may refuse a change whose `originalValue` no longer matches (its
 * reference does not pin one). After one of them the location is read again: a race shows up as a
 * conflict or as the write already done; otherwise the refusal is reported as it is.
 */
const MAYBE_CAS_REFUSAL = new Set([400, 409, 412, 422]);

/** A digest of the planned changes, to tell "the same write again" without keeping values. */
function fingerprintOfChanges(changes: readonly ChangeRequest[]): string {
  return createHash('sha256').update(JSON.stringify(changes)).digest('hex');
}

/**
 * Read, plan, POST; after a lost answer (timeout, 5xx, broken body) or a possible
 * compare-and-set refusal, read again and plan again: the write is then found done, found in
 * conflict, or sent again under the same compare-and-set. The SDK would re-send a POST blindly on
 * 5xx; this never sends one that was not planned from a fresh read.
 */
export async function compareAndSetWrite(
  deps: WriteContextDeps,
  action: string,
  plan: (state: LocationState) => ChangeRequest[],
): Promise<void> {
  let last: { error: DopplerRequestError; changes: string } | undefined;
  for (let posts = 0; ; ) {
    let state: LocationState;
    try {
      state = await deps.readState();
    } catch (error) {
      if (!last) throw deps.wrap(`${action}: reading the secrets`, error);
      throw unconfirmed(deps, action, last.error);
    }
    const changes = plan(state);
    if (changes.length === 0) return;
    if (last) {
      if (!last.error.ambiguous && fingerprintOfChanges(changes) === last.changes) {
        throw deps.wrap(action, last.error);
      }
      if (posts > deps.retries) throw unconfirmed(deps, action, last.error);
      await deps.sleep(
        Math.max(deps.backoffBaseMs * 2 ** (posts - 1), last.error.retryAfterMs ?? 0),
      );
    }
    posts += 1;
    try {
      // The SDK's type wants strings for `originalName` and `value`; Doppler's API takes the
      // absent `originalName` of a new secret and the `null` value of a deletion.
      await deps.client.secrets.update({
        project: deps.location.project,
        config: deps.location.config,
        change_requests: changes,
      } as unknown as SecretsUpdateRequest);
      return;
    } catch (error) {
      const retryable =
        isDopplerRequestError(error) &&
        (error.ambiguous || (error.kind === 'http' && MAYBE_CAS_REFUSAL.has(error.status ?? 0)));
      if (!retryable) throw deps.wrap(action, error);
      last = { error, changes: fingerprintOfChanges(changes) };
    }
  }
}

function unconfirmed(deps: WriteContextDeps, action: string, error: DopplerRequestError): Error {
  if (!error.ambiguous) return deps.wrap(action, error);
  return new VaultError(
    deps.label,
    `${action}: the write may or may not have been applied (${error.message}); run the command again, it finds out and finishes`,
    { cause: error, code: DopplerErrorCode.writeUnconfirmed, retryable: true },
  );
}
