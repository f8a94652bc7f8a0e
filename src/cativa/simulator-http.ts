import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Problem titles by status, as ASP.NET-style APIs send them. */
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Problem `type` by status for faults (Cativa's own values are not published). */
const FAULT_TYPES: Record<number, string> = {
  429: 'RateLimit.Exceeded',
  500: 'Server.Error',
  502: 'Gateway.BadGateway',
  503: 'Server.Unavailable',
  504: 'Gateway.Timeout',
};

/** The problem type a fault answer with this status carries. */
export function faultProblemType(status: number): string {
  return FAULT_TYPES[status] ?? `Simulated.Status${status}`;
}

/** The title for a status. */
export function statusTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}

const CONNECTION_ID_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

/**
 * Gives trace ids shaped like Cativa's (`0HMV5JK6L6NPL:00000003`): a 13-character connection id
 * and the request's number on that connection.
 */
export function createTraceIds(): (socket: Socket) => string {
  const connections = new WeakMap<Socket, { id: string; count: number }>();
  return (socket) => {
    let connection = connections.get(socket);
    if (!connection) {
      let id = '0H';
      while (id.length < 13) id += CONNECTION_ID_CHARS[randomInt(CONNECTION_ID_CHARS.length)];
      connection = { id, count: 0 };
      connections.set(socket, connection);
    }
    connection.count += 1;
    return `${connection.id}:${connection.count.toString(16).toUpperCase().padStart(8, '0')}`;
  };
}

/** An RFC 7807 body to send. */
export interface ProblemBody {
  readonly type: string;
  readonly status: number;
  readonly detail: string;
  readonly traceId: string;
  readonly title?: string;
  readonly errors?: Record<string, string[]>;
}

/** Sends `application/problem+json`. */
export function sendProblem(
  res: ServerResponse,
  problem: ProblemBody,
  headers: Record<string, string> = {},
): void {
  const body = { title: statusTitle(problem.status), ...problem };
  send(res, problem.status, JSON.stringify(body), {
    'content-type': 'application/problem+json',
    ...headers,
  });
}

/** Sends a JSON body (or an empty 204 when `body` is undefined). */
export function sendJson(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) send(res, status, '', {});
  else send(res, status, JSON.stringify(body), { 'content-type': 'application/json' });
}

/** Sends a raw body, unless the connection is already gone (closed simulator, client timeout). */
export function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string>,
): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/** Reads a request body as text, up to `maxBytes` (64 KiB by default). */
export async function readRequestText(req: IncomingMessage, maxBytes = 65_536): Promise<string> {
  req.setEncoding('utf8');
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > maxBytes) throw new Error('request body too large');
  }
  return text;
}
