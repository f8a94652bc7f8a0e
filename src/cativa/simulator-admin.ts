import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { Secret } from '../secret.js';
import { MalformedBody, type SimFault } from './simulator-faults.js';
import { readRequestText, sendJson, sendProblem } from './simulator-http.js';
import { type SimKeyRef, SimulatorInputError } from './simulator-state.js';
import type { CativaSimulator } from './simulator-types.js';

/** Prefix of the simulator's own admin routes (absent from the real Cativa API). */
export const ADMIN_PREFIX = '/__admin';

const keyRef = z
  .object({ id: z.string().min(1).optional(), key: z.string().min(1).optional() })
  .refine((v) => (v.id === undefined) !== (v.key === undefined), {
    error: 'give exactly one of id or key',
  });

const faultSchema: z.ZodType<SimFault> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    status: z.number().int().min(400).max(599),
    retryAfter: z.string().optional(),
  }),
  z.object({ kind: z.literal('malformed'), body: z.enum(Object.values(MalformedBody)) }),
  z.object({ kind: z.literal('hang') }),
  z.object({
    kind: z.literal('redirect'),
    location: z.string().min(1),
    status: z.number().int().min(300).max(399).optional(),
  }),
]);

const schemas = {
  tenant: z.object({ name: z.string().min(1) }),
  user: z.object({
    tenant: z.string().min(1),
    id: z.string().min(1).optional(),
    email: z.string().optional(),
    displayName: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    userName: z.string().optional(),
    role: z.string().optional(),
    status: z.string().optional(),
  }),
  key: z.object({
    tenant: z.string().min(1),
    userId: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    permission: z.boolean().optional(),
  }),
  revoke: keyRef,
  permission: z.intersection(keyRef, z.object({ permission: z.boolean() })),
  latency: z.object({ ms: z.number().int().min(0) }),
  faults: z.object({ fault: faultSchema, times: z.number().int().min(1).max(1000).optional() }),
} as const;

type Handler = (body: unknown) => { status: number; body?: unknown };

function refOf(input: { id?: string | undefined; key?: string | undefined }): SimKeyRef {
  return input.key !== undefined ? new Secret(input.key) : (input.id as string);
}

function routes(sim: CativaSimulator): Record<string, Handler> {
  return {
    'GET /state': () => ({ status: 200, body: sim.snapshot() }),
    'POST /tenants': (b) => ({ status: 201, body: sim.createTenant(schemas.tenant.parse(b).name) }),
    'POST /users': (b) => ({ status: 201, body: sim.createUser(schemas.user.parse(b)) }),
    'POST /keys': (b) => {
      const key = sim.createKey(schemas.key.parse(b));
      // The only place the simulator gives a key value out: once, at creation, as the Console does.
      return { status: 201, body: { ...sim.keyInfo(key), key: key.reveal() } };
    },
    'POST /keys/revoke': (b) => ({
      status: 200,
      body: sim.revokeKey(refOf(schemas.revoke.parse(b))),
    }),
    'POST /keys/permission': (b) => {
      const input = schemas.permission.parse(b);
      return { status: 200, body: sim.setPermission(refOf(input), input.permission) };
    },
    'PUT /latency': (b) => {
      sim.setLatency(schemas.latency.parse(b).ms);
      return { status: 204 };
    },
    'POST /faults': (b) => {
      const input = schemas.faults.parse(b);
      sim.failNext(input.fault, input.times ?? 1);
      return { status: 204 };
    },
    'DELETE /faults': () => {
      sim.clearFaults();
      return { status: 204 };
    },
    'GET /requests': () => ({ status: 200, body: sim.snapshot().requests }),
    'DELETE /requests': () => {
      sim.resetCounters();
      return { status: 204 };
    },
  };
}

/** Answers a request under {@link ADMIN_PREFIX}. */
export async function answerAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  sim: CativaSimulator,
  path: string,
  traceId: string,
): Promise<void> {
  const handler = routes(sim)[`${req.method} ${path.slice(ADMIN_PREFIX.length)}`];
  if (!handler) {
    sendProblem(res, {
      type: 'Route.NotFound',
      status: 404,
      detail: `No admin route ${req.method} ${path}.`,
      traceId,
    });
    return;
  }
  try {
    const text = await readRequestText(req);
    const result = handler(text.trim() === '' ? {} : JSON.parse(text));
    sendJson(res, result.status, result.body);
  } catch (error) {
    sendAdminError(res, error, traceId);
  }
}

function sendAdminError(res: ServerResponse, error: unknown, traceId: string): void {
  if (error instanceof z.ZodError) {
    const errors: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const field = issue.path.length === 0 ? '(root)' : issue.path.join('.');
      errors[field] = [...(errors[field] ?? []), issue.message];
    }
    sendProblem(res, {
      type: 'Validation.Failed',
      status: 400,
      detail: 'The request body is invalid.',
      traceId,
      errors,
    });
    return;
  }
  const status = error instanceof SimulatorInputError ? error.status : 400;
  sendProblem(res, {
    type: status === 404 ? 'Resource.NotFound' : 'Request.Invalid',
    status,
    detail: error instanceof Error ? error.message : 'The request is invalid.',
    traceId,
  });
}
