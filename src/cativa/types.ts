import type { Secret } from '../secret.js';

/** The fields of a `/social/v1/auth/me` 200 answer that the tool uses. Session tokens are dropped. */
export interface CativaIdentity {
  /** User id (a GUID). */
  readonly id: string;
  /** The tenant's name: what a managed key's `tenant` must equal. */
  readonly customer: string;
  readonly role: string | undefined;
  readonly email: string | undefined;
  readonly displayName: string | undefined;
}

/** An RFC 7807 problem-details body as Cativa sends it (fields it did not send are undefined). */
export interface CativaProblem {
  readonly status: number;
  readonly type: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly traceId: string | undefined;
}

/**
 * What `/auth/me` said of a key. 200, 401 and 403 are answers about the key; any other outcome
 * (5xx after retries, timeout, network, malformed body, other 4xx) is thrown as a `CativaError`.
 */
export type AuthMeOutcome =
  | { readonly kind: 'valid'; readonly identity: CativaIdentity }
  | { readonly kind: 'unauthorized'; readonly problem: CativaProblem }
  | { readonly kind: 'forbidden'; readonly problem: CativaProblem };

/** The Cativa API as the tool uses it. */
export interface CativaClient {
  /** `GET {baseUrl}/social/v1/auth/me` with the key as Bearer token. */
  authMe(key: Secret, options?: { signal?: AbortSignal }): Promise<AuthMeOutcome>;
}
