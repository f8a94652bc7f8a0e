/** Ways a 200 body can be broken, to test the client's parsing. */
export const MalformedBody = {
  /** `Content-Type: application/json` but the body is not JSON. */
  notJson: 'not-json',
  /** A user body without `customer`. */
  missingCustomer: 'missing-customer',
  /** A user body whose `customer` is a number. */
  customerNumber: 'customer-number',
  /** A user body without `id`. */
  missingId: 'missing-id',
} as const;
export type MalformedBody = (typeof MalformedBody)[keyof typeof MalformedBody];

/**
 * One misbehaviour of `/social/v1/auth/me`, replacing the normal answer for one request
 * (the request is still counted).
 */
export type SimFault =
  /** Answer this status (e.g. 500, 502, 503, 504, 429, 400, 404, 422) with a problem body. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  /** Answer 200 with a broken body (still carrying fake session tokens). */
  | { readonly kind: 'malformed'; readonly body: MalformedBody }
  /** Never answer; the connection is destroyed by `close()`. */
  | { readonly kind: 'hang' }
  /** Answer a redirect to `location`. Default status 302. */
  | { readonly kind: 'redirect'; readonly location: string; readonly status?: number };

/** A first-in first-out queue of faults, one consumed per `/auth/me` request. */
export interface FaultQueue {
  push(fault: SimFault, times: number): void;
  /** The fault for the current request, if any. */
  take(): SimFault | undefined;
  clear(): void;
  readonly size: number;
}

/** Creates an empty fault queue. */
export function createFaultQueue(): FaultQueue {
  const queue: SimFault[] = [];
  return {
    push(fault, times) {
      for (let i = 0; i < times; i++) queue.push(fault);
    },
    take: () => queue.shift(),
    clear() {
      queue.length = 0;
    },
    get size() {
      return queue.length;
    },
  };
}
