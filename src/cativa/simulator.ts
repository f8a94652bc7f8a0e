import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock } from '../clock.js';
import { fingerprintOf, Secret } from '../secret.js';
import { ADMIN_PREFIX, answerAdmin } from './simulator-admin.js';
import { answerAuthMe, answerFault, bearerOf } from './simulator-auth-me.js';
import { createFaultQueue } from './simulator-faults.js';
import { createTraceIds, sendProblem } from './simulator-http.js';
import { createSimulatorState } from './simulator-state.js';
import type {
  CativaSimulator,
  CativaSimulatorOptions,
  SimRequestCounts,
} from './simulator-types.js';

/** The route `/auth/me` is counted under. */
export const AUTH_ME_ROUTE = 'GET /social/v1/auth/me';

/**
 * Starts a local HTTP server that behaves like the Cativa API as cativa-api.md describes it
 * (tenants, users, keys, revocation, RFC 7807 errors with traceId), with injectable latency and
 * faults, plus an admin API under `/__admin/` for tests and the demo.
 */
export async function startCativaSimulator(
  options: CativaSimulatorOptions = {},
): Promise<CativaSimulator> {
  const state = createSimulatorState(options.clock ?? systemClock);
  const faults = createFaultQueue();
  const traceIdFor = createTraceIds();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let byRoute = new Map<string, number>();
  let byKey = new Map<string, number>();
  let latencyMs = 0;

  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    const route = `${req.method} ${path}`;
    const traceId = traceIdFor(req.socket);
    bump(byRoute, route);
    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
      return answerAdmin(req, res, sim, path, traceId);
    }
    if (latencyMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, latencyMs);
        timers.add(timer);
      });
    }
    if (route !== AUTH_ME_ROUTE) {
      sendProblem(res, {
        type: 'Route.NotFound',
        status: 404,
        detail: `No route ${route}.`,
        traceId,
      });
      return;
    }
    const bearer = bearerOf(req.headers.authorization);
    if (bearer !== undefined) bump(byKey, fingerprintOf(new Secret(bearer)).sha256);
    const fault = faults.take();
    // A hung request is answered never; close() destroys its socket.
    if (fault?.kind === 'hang') return;
    if (fault) answerFault(res, fault, state, bearer, traceId);
    else answerAuthMe(res, state, bearer, traceId);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  const counts = (): SimRequestCounts => ({
    byRoute: Object.fromEntries(byRoute),
    byKey: Object.fromEntries(byKey),
  });

  const sim: CativaSimulator = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
    createTenant: (name) => state.createTenant(name),
    createUser: (input) => state.createUser(input),
    createKey: (input) => state.createKey(input).key,
    revokeKey: (ref) => state.revokeKey(ref),
    setPermission: (ref, permission) => state.setPermission(ref, permission),
    keyInfo: (ref) => state.keyInfo(ref),
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    failNext: (fault, times = 1) => faults.push(fault, times),
    clearFaults: () => faults.clear(),
    requestCount: (route = AUTH_ME_ROUTE) => byRoute.get(route) ?? 0,
    keyRequestCount: (key) => byKey.get(fingerprintOf(key).sha256) ?? 0,
    resetCounters() {
      byRoute = new Map();
      byKey = new Map();
    },
    snapshot: () => ({
      tenants: state.tenants(),
      users: state.users(),
      keys: state.keys(),
      latencyMs,
      pendingFaults: faults.size,
      requests: counts(),
    }),
  };
  return sim;
}
