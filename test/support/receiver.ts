import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (signatures are computed over it). */
  readonly body: string;
}

/** A local HTTP server standing in for Slack or a webhook receiver. */
export interface Receiver {
  /** e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Answers the next requests with these statuses, in order; then 200 again. */
  failNext(...statuses: number[]): void;
  /** Answers every request with this status from now on (undefined: back to 200). */
  alwaysAnswer(status: number | undefined): void;
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port; it records every request and answers `ok`. */
export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const queue: number[] = [];
  let always: number | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = queue.shift() ?? always ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (...statuses) => queue.push(...statuses),
    alwaysAnswer: (status) => {
      always = status;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
