import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeTransport } from '../../src/cativa/node-transport.js';
import { MAX_BODY_BYTES } from '../../src/cativa/read-body.js';

let server: Server | undefined;

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/social/v1/auth/me`;
}

const init = () => ({
  method: 'GET' as const,
  headers: { Accept: 'application/json' },
  redirect: 'manual' as const,
  signal: AbortSignal.timeout(5_000),
});

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('Function: createNodeTransport', () => {
  it('answers with the status, headers and body of the server', async () => {
    const url = await serve((_req, res) => {
      res.setHeader('retry-after', '3');
      res.setHeader('x-multi', ['a', 'b']);
      res.writeHead(429, { 'content-type': 'application/problem+json' }).end('{"status":429}');
    });
    const response = await createNodeTransport()(url, init());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('x-multi')).toBe('a, b');
    expect(await response.json()).toEqual({ status: 429 });
  });

  it('keeps at most the body cap of an oversized answer', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let i = 0; i < 40; i++) res.write(chunk);
      res.end();
    });
    const body = await (await createNodeTransport()(url, init())).arrayBuffer();
    expect(body.byteLength).toBeLessThanOrEqual(MAX_BODY_BYTES + 64 * 1024);
    expect(body.byteLength).toBeLessThan(40 * 64 * 1024);
  });

  it('answers a 204 without a body and does not follow a redirect', async () => {
    const url = await serve((req, res) => {
      if (req.url?.endsWith('/me')) res.writeHead(302, { location: '/elsewhere' }).end();
      else res.writeHead(204).end();
    });
    const redirected = await createNodeTransport()(url, init());
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toBe('/elsewhere');
    const empty = await createNodeTransport()(url.replace('/me', '/x'), init());
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('rejects when the signal aborts a request in flight', async () => {
    const url = await serve(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const pending = createNodeTransport()(url, { ...init(), signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(pending).rejects.toThrow();
  });
});
