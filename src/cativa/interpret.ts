import type { Clock } from '../clock.js';
import {
  CativaApiError,
  CativaRedirectError,
  CativaUnavailableError,
  isCativaError,
} from './errors.js';
import { parseIdentity } from './identity.js';
import { describeProblem, parseProblem } from './problem.js';
import { discardBody, readBodyText } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';
import type { AuthMeOutcome } from './types.js';

/** What the client knows about the attempt an answer belongs to. */
export interface AttemptContext {
  /** 1 for the first request. */
  readonly attempt: number;
  /** `host[:port]` of the base URL, for messages. */
  readonly host: string;
  readonly timeoutMs: number;
  readonly clock: Clock;
  /** Removes the key from text taken from an answer. */
  readonly redact: (text: string) => string;
}

/** Statuses that describe a passing condition at Cativa's side: retried with backoff. */
const TRANSIENT = new Set([429, 500, 502, 503, 504]);

/** Turns one HTTP answer into an outcome, or throws the matching `CativaError`. */
export async function interpretResponse(
  response: Response,
  context: AttemptContext,
): Promise<AuthMeOutcome> {
  const { status } = response;
  if (status === 200) {
    return { kind: 'valid', identity: parseIdentity(await readBodyText(response)) };
  }
  if (status >= 300 && status < 400) {
    await discardBody(response);
    throw new CativaRedirectError(
      `Cativa (${context.host}) answered ${status} redirecting elsewhere; the redirect was not followed and the key was not re-sent`,
      { status },
    );
  }
  const problem = parseProblem(status, await readBodyText(response), context.redact);
  if (status === 401) return { kind: 'unauthorized', problem };
  if (status === 403) return { kind: 'forbidden', problem };
  if (TRANSIENT.has(status)) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), context.clock.now());
    const wait = retryAfterMs === undefined ? '' : `, Retry-After ${retryAfterMs} ms`;
    throw new CativaUnavailableError(
      `Cativa (${context.host}) is unavailable: ${describeProblem(problem)}${wait}, after ${attemptsText(context.attempt)}`,
      { status, problem, attempts: context.attempt, reason: 'status', retryAfterMs },
    );
  }
  throw new CativaApiError(
    `Cativa (${context.host}) answered /social/v1/auth/me with ${describeProblem(problem)}`,
    { status, problem },
  );
}

/**
 * Classifies what a request threw: our own errors pass through, a cancellation by the caller
 * rejects with the caller's reason, the rest is a timeout or a network error (retryable).
 */
export function transportError(
  error: unknown,
  context: AttemptContext & { callerSignal: AbortSignal | undefined; timeout: AbortSignal },
): unknown {
  if (isCativaError(error)) return error;
  if (context.callerSignal?.aborted) return context.callerSignal.reason;
  if (context.timeout.aborted) {
    return new CativaUnavailableError(
      `Cativa (${context.host}) did not answer within ${context.timeoutMs} ms, after ${attemptsText(context.attempt)}`,
      { attempts: context.attempt, reason: 'timeout', cause: error },
    );
  }
  return new CativaUnavailableError(
    `Cativa (${context.host}) could not be reached (${networkCode(error)}), after ${attemptsText(context.attempt)}`,
    { attempts: context.attempt, reason: 'network', cause: error },
  );
}

function attemptsText(n: number): string {
  return n === 1 ? '1 attempt' : `${n} attempts`;
}

/** `ECONNREFUSED`-style code of a fetch failure, found on the error or its cause. */
function networkCode(error: unknown): string {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = e.cause;
  }
  return error instanceof Error ? error.message : 'unknown error';
}
