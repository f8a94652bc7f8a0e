import type { StoredKey } from '../../providers/types.js';
import { CativaErrorCode, isCativaError } from '../cativa/errors.js';
import { isCativaKey } from '../cativa/key-format.js';
import type { AuthMeOutcome, CativaIdentity } from '../cativa/types.js';
import type { ManagedKey } from '../config/schema.js';
import { type Fingerprint, type Secret, sameFingerprint } from '../secret.js';
import {
  KeyForbiddenError,
  KeyRejectedError,
  MalformedKeyError,
  SameKeyError,
  type ValidationScene,
  ValidationUnavailableError,
  WrongTenantError,
  WrongUserError,
} from './errors.js';
import type { IdentitySummary, RotationDeps } from './types.js';

const FORMAT_EXPECTED = "expected 'cativa_live_' followed by 32 lowercase hex characters";

/**
 * Refuses a key that is not in the Cativa format, before anything is staged. Callers that hold
 * the raw input give a precise reason themselves (`describeKeyFormatProblem`); this is the
 * engine's own check for library callers.
 */
export function assertKeyFormat(keyName: string, key: Secret): void {
  if (!isCativaKey(key)) {
    throw new MalformedKeyError(keyName, FORMAT_EXPECTED);
  }
}

/**
 * Asks Cativa about a key. 200/401/403 are answers; every other failure (5xx or 429 after the
 * client's retries, timeout, network, bad body) becomes the error `unavailable` builds, except a
 * client misconfiguration, which is rethrown as it is.
 */
export async function askCativa(
  deps: RotationDeps,
  key: Secret,
  unavailable: (reason: string, cause: unknown) => Error,
): Promise<AuthMeOutcome> {
  try {
    return await deps.cativa.authMe(key);
  } catch (error) {
    if (!isCativaError(error) || error.code === CativaErrorCode.config) throw error;
    // The client's messages hold status, problem type and traceId, never a key or token.
    throw unavailable(error.message, error);
  }
}

/** Checks that Cativa's identity matches the managed key's tenant, then its user and role. */
export function checkIdentity(
  key: ManagedKey,
  identity: CativaIdentity,
  scene: ValidationScene,
): IdentitySummary {
  if (identity.customer !== key.tenant) {
    throw new WrongTenantError(scene, key.tenant, identity.customer);
  }
  const mismatches: string[] = [];
  if (key.userId !== undefined && identity.id !== key.userId) {
    mismatches.push(`user id is '${identity.id}', expected '${key.userId}'`);
  }
  if (key.role !== undefined && identity.role !== key.role) {
    mismatches.push(`role is '${identity.role ?? '(none)'}', expected '${key.role}'`);
  }
  if (mismatches.length > 0) throw new WrongUserError(scene, mismatches);
  return { id: identity.id, customer: identity.customer, role: identity.role };
}

/**
 * Validates a staged key: the Cativa format, different from the key current at the primary,
 * accepted by `/auth/me` (200), the configured tenant, and the configured user and role.
 * Each failure throws its own error; none of them changes anything.
 *
 * @param current Fingerprint of the primary's current key, compared with the candidate; pass
 * undefined when the primary already holds the candidate (a promotion that stopped part-way).
 */
export async function validateCandidate(
  key: ManagedKey,
  candidate: StoredKey,
  current: Fingerprint | undefined,
  primary: string,
  deps: RotationDeps,
): Promise<IdentitySummary> {
  const base: ValidationScene = { keyName: key.name, key: candidate.fingerprint, primary };
  if (!isCativaKey(candidate.secret)) {
    throw new MalformedKeyError(key.name, FORMAT_EXPECTED, primary);
  }
  if (sameFingerprint(candidate.fingerprint, current)) throw new SameKeyError(base);
  deps.onProgress?.({ type: 'validating', key: candidate.fingerprint });
  const outcome = await askCativa(
    deps,
    candidate.secret,
    (reason, cause) => new ValidationUnavailableError(base, reason, { cause }),
  );
  switch (outcome.kind) {
    case 'unauthorized':
      throw new KeyRejectedError({ ...base, traceId: outcome.problem.traceId });
    case 'forbidden':
      throw new KeyForbiddenError({ ...base, traceId: outcome.problem.traceId });
    case 'valid': {
      const identity = checkIdentity(key, outcome.identity, base);
      deps.onProgress?.({ type: 'validated', key: candidate.fingerprint, identity });
      return identity;
    }
  }
}
