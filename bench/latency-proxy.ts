import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A loopback reverse proxy that delays and counts every request before forwarding it. */
export interface LatencyProxy {
  /** e.g. `http://127.0.0.1:40123`: give this to the client instead of the server's URL. */
  readonly url: string;
  /** Delay before forwarding each request, in milliseconds. */
  setLatency(ms: number): void;
  /** Requests by kind since the last reset. */
  counts(): Readonly<Record<string, number>>;
  resetCounters(): void;
  close(): Promise<void>;
}

/**
 * Starts a proxy in front of `upstream` (a local server that has no latency of its own, such as
 * moto_server): each request waits `latency` ms, is counted under `kindOf(request)` and is then
 * forwarded unchanged (Host header included, so signatures stay valid). One place to inject
 * latency for every vault, whatever its server supports.
 */
export async function startLatencyProxy(
  upstream: string,
  kindOf: (req: IncomingMessage) => string,
): Promise<LatencyProxy> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  let latencyMs = 0;
  let counts = new Map<string, number>();

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const kind = kindOf(req);
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      const body = Buffer.concat(chunks);
      if (latencyMs > 0) setTimeout(() => forward(req, res, body), latencyMs);
      else forward(req, res, body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    counts: () => Object.fromEntries(counts),
    resetCounters() {
      counts = new Map();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        agent.destroy();
      }),
  };
}
