import * as http from 'node:http';
import * as https from 'node:https';
import { MAX_BODY_BYTES } from './read-body.js';

/** The part of `fetch` the client uses; inject a wrapper to observe or reroute requests. */
export type FetchLike = (
  url: string,
  init: {
    method: 'GET';
    headers: Record<string, string>;
    redirect: 'manual';
    signal: AbortSignal;
  },
) => Promise<Response>;

/** Statuses whose answers carry no body, which `new Response` refuses one for. */
const NULL_BODY = new Set([204, 205, 304]);

/** Connections kept open to Cativa per client (audits run `audit.concurrency` requests at once). */
const MAX_SOCKETS = 64;

/**
 * The client's default transport: one request over Node's `http`/`https` with keep-alive agents
 * owned by this transport. Chosen over the global `fetch` because, at audit scale (10,000 keys),
 * `fetch` leaves enough garbage behind each request to grow the heap by about 100 MB; this
 * transport holds the body (capped at {@link MAX_BODY_BYTES}) and hands back a plain `Response`.
 * Like `fetch` with `redirect: 'manual'`, it never follows a redirect. Idle sockets do not keep
 * the process alive.
 */
export function createNodeTransport(): FetchLike {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
  } as const;
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const request = (secure ? https : http).request(
        target,
        {
          method: init.method,
          headers: init.headers,
          agent: secure ? agents['https:'] : agents['http:'],
          signal: init.signal,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          response.on('data', (chunk: Buffer) => {
            // Past the cap the rest is dropped: the body then fails to parse, as with fetch.
            if (bytes < MAX_BODY_BYTES) chunks.push(chunk);
            bytes += chunk.length;
          });
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined)
                headers.set(name, Array.isArray(value) ? value.join(', ') : value);
            }
            try {
              resolve(
                new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
                  status,
                  headers,
                }),
              );
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      request.on('error', reject);
      request.end();
    });
}
