import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaultQueue, type DopplerFault, type FaultQueue } from './doppler-server-faults.js';
import { routeDoppler } from './doppler-server-routes.js';
import {
  applyChangeRequests,
  applySecretsMap,
  type DopplerConfigStore,
  type DopplerLog,
  type Refusal,
} from './doppler-server-state.js';

export type { DopplerFault, FaultMatch } from './doppler-server-faults.js';
export type { DopplerLog } from './doppler-server-state.js';

/** What a token may reach: one config (a service token) or everything; read-only or not. */
export interface TokenScope {
  readonly project?: string;
  readonly config?: string;
  readonly readOnly?: boolean;
}

/** One request as the server saw it (no headers, no body: they hold the token and values). */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number | 'hang' | 'cut';
}

/** Options of {@link startDopplerServer}. */
export interface DopplerServerOptions {
  /** The server's clock: log times and rate-limit windows (default: the wall clock). */
  readonly now?: () => Date;
  /** Requests per token per minute before a real 429 (default 10 000). */
  readonly rateLimitPerMinute?: number;
}

/** A running local Doppler API server. */
export interface DopplerServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`, for the SDK's `setBaseUrl`. */
  readonly url: string;
  /** A token with access to everything. */
  readonly token: string;
  addToken(token: string, scope?: TokenScope): void;
  /** Creates an empty config (idempotent). */
  createConfig(project: string, config: string): void;
  /** Sets secrets directly (a `null` deletes), logged at `at` as one config log. */
  seed(project: string, config: string, secrets: Record<string, string | null>, at?: Date): void;
  /** A secret's stored value, for assertions; undefined when absent. */
  value(project: string, config: string, name: string): string | undefined;
  /** Names of a config's secrets, sorted. */
  names(project: string, config: string): string[];
  /** A config's logs, oldest first. */
  logs(project: string, config: string): readonly DopplerLog[];
  readonly faults: FaultQueue;
  /** Every request so far, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests matching `method` and `path` (each optional). */
  count(match?: { method?: string; path?: string }): number;
  resetCounts(): void;
  /** Stops the server, cutting open connections (hung requests included). Idempotent. */
  close(): Promise<void>;
}

/** What route handlers get; see `doppler-server-routes.ts`. */
export interface ServerCore {
  readonly configs: Map<string, DopplerConfigStore>;
  readonly tokens: Map<string, TokenScope>;
  now(): Date;
  applyChanges(store: DopplerConfigStore, body: Record<string, unknown>): Refusal | undefined;
}

const keyOf = (project: string, config: string) => `${project}/${config}`;

/** Starts the server on 127.0.0.1 and a free port. */
export async function startDopplerServer(
  options: DopplerServerOptions = {},
): Promise<DopplerServer> {
  const now = options.now ?? (() => new Date());
  const limit = options.rateLimitPerMinute ?? 10_000;
  const configs = new Map<string, DopplerConfigStore>();
  const tokens = new Map<string, TokenScope>([['dp.st.bench-all-access', {}]]);
  const faults = createFaultQueue();
  const requests: RecordedRequest[] = [];
  const windows = new Map<string, { start: number; used: number }>();
  const core: ServerCore = {
    configs,
    tokens,
    now,
    applyChanges: (store, body) =>
      Array.isArray(body.change_requests)
        ? applyChangeRequests(store, body.change_requests, now())
        : applySecretsMap(store, (body.secrets ?? {}) as Record<string, unknown>, now()),
  };

  /** Counts the request in its token's minute window; returns the headers and whether it is over. */
  const rateWindow = (req: IncomingMessage, exhausted: boolean) => {
    const token = req.headers.authorization ?? '';
    const minute = Math.floor(now().getTime() / 60_000) * 60_000;
    const window = windows.get(token);
    const current = window && window.start === minute ? window : { start: minute, used: 0 };
    current.used += 1;
    windows.set(token, current);
    const remaining = exhausted ? 0 : Math.max(0, limit - current.used);
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(Math.ceil((minute + 60_000) / 1000)),
    };
    return {
      headers,
      over: current.used > limit,
      retryAfter: Math.ceil((minute + 60_000 - now().getTime()) / 1000),
    };
  };

  const inflict = (
    res: ServerResponse,
    fault: DopplerFault,
    headers: Record<string, string>,
    path: string,
    method: string,
  ) => {
    const record = (status: RecordedRequest['status']) => requests.push({ method, path, status });
    switch (fault.kind) {
      case 'hang':
        record('hang');
        return;
      case 'html': {
        const status = fault.status ?? 502;
        record(status);
        res.writeHead(status, { ...headers, 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      }
      case 'rate-limit':
        record(429);
        res.writeHead(429, {
          ...headers,
          'x-ratelimit-remaining': '0',
          'retry-after': String(fault.retryAfterSeconds),
          'content-type': 'application/json',
        });
        res.end(JSON.stringify({ messages: ['You have exceeded the rate limit'], success: false }));
        return;
      case 'status':
        record(fault.status);
        res.writeHead(fault.status, { ...headers, 'content-type': 'application/json' });
        res.end(JSON.stringify({ messages: [`Injected failure ${fault.status}`], success: false }));
        return;
      case 'truncate':
        record('cut');
        res.writeHead(200, {
          ...headers,
          'content-type': 'application/json',
          'content-length': '400',
        });
        res.write('{"secrets":{"CUT');
        setImmediate(() => res.socket?.destroy());
        return;
      case 'apply-then':
        return inflict(res, fault.answer, headers, path, method);
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      const fault = faults.take(method, url.pathname);
      const { headers, over, retryAfter } = rateWindow(req, fault?.kind === 'rate-limit');
      if (fault && !(fault.kind === 'apply-then' && method === 'POST')) {
        return inflict(res, fault, headers, url.pathname, method);
      }
      if (over)
        return inflict(
          res,
          { kind: 'rate-limit', retryAfterSeconds: retryAfter },
          headers,
          url.pathname,
          method,
        );
      const [status, body] = routeDoppler(core, {
        method,
        url,
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      // A write whose answer is to be lost: it was applied above, now the answer fails.
      if (fault) return inflict(res, fault, headers, url.pathname, method);
      requests.push({ method, path: url.pathname, status });
      res.writeHead(status, { ...headers, 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  const store = (project: string, config: string) => {
    const found = configs.get(keyOf(project, config));
    if (!found) throw new Error(`no config ${project}/${config}; call createConfig first`);
    return found;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    token: 'dp.st.bench-all-access',
    addToken: (token, scope = {}) => void tokens.set(token, scope),
    createConfig(project, config) {
      if (!configs.has(keyOf(project, config))) {
        configs.set(keyOf(project, config), {
          project,
          config,
          environment: config.split('_')[0] ?? config,
          secrets: new Map(),
          logs: [],
        });
      }
    },
    seed(project, config, secrets, at = now()) {
      const refusal = applySecretsMap(store(project, config), secrets, at);
      if (refusal) throw new Error(refusal.messages.join('; '));
    },
    value: (project, config, name) => store(project, config).secrets.get(name),
    names: (project, config) => [...store(project, config).secrets.keys()].sort(),
    logs: (project, config) => store(project, config).logs,
    faults,
    requests,
    count: (match = {}) =>
      requests.filter(
        (r) =>
          (match.method === undefined || r.method === match.method) &&
          (match.path === undefined || r.path === match.path),
      ).length,
    resetCounts: () => void requests.splice(0),
    close: () => {
      // Idempotent: a test may stop the server to simulate an outage before the suite closes it.
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
