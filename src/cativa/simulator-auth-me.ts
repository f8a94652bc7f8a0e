import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MalformedBody, SimFault } from './simulator-faults.js';
import {
  faultProblemType,
  type ProblemBody,
  send,
  sendJson,
  sendProblem,
} from './simulator-http.js';
import type { SimUser, SimulatorState } from './simulator-state.js';

/** Every fake access token the simulator issues starts with this, so tests can grep for leaks. */
export const SIM_ACCESS_TOKEN_PREFIX = 'simAccessToken.';
/** Every fake refresh token the simulator issues starts with this. */
export const SIM_REFRESH_TOKEN_PREFIX = 'simRefreshToken.';

const PLACEHOLDER_USER: SimUser = {
  id: '00000000-0000-4000-8000-000000000000',
  tenant: 'Placeholder Tenant',
  email: 'placeholder@example.test',
  displayName: 'Placeholder',
  firstName: 'Place',
  lastName: 'Holder',
  userName: 'placeholder',
  role: 'Developer',
  status: 'Active',
};

/** The 200 body of `/auth/me` for a user, with fresh fake session tokens. */
function userBody(user: SimUser): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    firstName: user.firstName,
    lastName: user.lastName,
    userName: user.userName,
    pictureUrl: null,
    role: user.role,
    status: user.status,
    customer: user.tenant,
    accessToken: `${SIM_ACCESS_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`,
    refreshToken: `${SIM_REFRESH_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`,
  };
}

/** Reads `Authorization: Bearer <value>`; undefined when absent or another scheme. */
export function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

type Verdict = { readonly user: SimUser } | { readonly problem: Omit<ProblemBody, 'traceId'> };

/** What `/auth/me` answers for this bearer: the key's user, or a 401/403 problem. */
function judge(state: SimulatorState, bearer: string | undefined): Verdict {
  if (bearer === undefined) {
    return { problem: { type: 'Auth.Credential.Missing', status: 401, detail: 'No bearer sent.' } };
  }
  const found = state.lookup(bearer);
  if (found.kind === 'unknown') {
    return { problem: { type: 'Auth.Credential.Invalid', status: 401, detail: 'Unknown key.' } };
  }
  if (found.key.revoked) {
    return { problem: { type: 'Auth.Credential.Revoked', status: 401, detail: 'Key revoked.' } };
  }
  if (!found.key.permission) {
    const detail = 'The API key lacks the permission to call this endpoint.';
    return { problem: { type: 'Auth.Permission.Denied', status: 403, detail } };
  }
  return { user: found.user };
}

/** Answers `GET /social/v1/auth/me` as cativa-api.md describes it. */
export function answerAuthMe(
  res: ServerResponse,
  state: SimulatorState,
  bearer: string | undefined,
  traceId: string,
): void {
  const verdict = judge(state, bearer);
  if ('problem' in verdict) sendProblem(res, { ...verdict.problem, traceId });
  else sendJson(res, 200, userBody(verdict.user));
}

/**
 * Answers with a fault instead of the normal answer. `hang` is not handled here: the caller keeps
 * the response open.
 */
export function answerFault(
  res: ServerResponse,
  fault: Exclude<SimFault, { kind: 'hang' }>,
  state: SimulatorState,
  bearer: string | undefined,
  traceId: string,
): void {
  if (fault.kind === 'redirect') {
    send(res, fault.status ?? 302, '', { location: fault.location });
    return;
  }
  if (fault.kind === 'status') {
    const headers: Record<string, string> =
      fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
    sendProblem(
      res,
      {
        type: faultProblemType(fault.status),
        status: fault.status,
        detail: `Simulated ${fault.status} answer.`,
        traceId,
      },
      headers,
    );
    return;
  }
  const found = bearer === undefined ? undefined : state.lookup(bearer);
  const user = found?.kind === 'known' ? found.user : PLACEHOLDER_USER;
  send(res, 200, malformedBody(fault.body, userBody(user)), {
    'content-type': 'application/json',
  });
}

function malformedBody(kind: MalformedBody, body: Record<string, unknown>): string {
  switch (kind) {
    case 'not-json':
      return `<html><body>Gateway says hello ${String(body.accessToken)}</body></html>`;
    case 'missing-customer': {
      const { customer: _customer, ...rest } = body;
      return JSON.stringify(rest);
    }
    case 'customer-number':
      return JSON.stringify({ ...body, customer: 42 });
    case 'missing-id': {
      const { id: _id, ...rest } = body;
      return JSON.stringify(rest);
    }
  }
}
