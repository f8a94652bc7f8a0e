/** Faults the local Doppler server can inject, one request at a time. */
export type DopplerFault =
  /** Never answers: the client must give up on its own (the socket closes with the server). */
  | { readonly kind: 'hang' }
  /** An HTML error page, as a proxy in front of the API sends; default status 502. */
  | { readonly kind: 'html'; readonly status?: number }
  /** `429` with `Retry-After` (seconds), `x-ratelimit-remaining: 0` and Doppler's error body. */
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: number }
  /** Doppler's JSON error body with this status (500, 503, or one the SDK does not know). */
  | { readonly kind: 'status'; readonly status: number }
  /** Headers and half a JSON body, then the connection is cut. */
  | { readonly kind: 'truncate' }
  /**
   * For a write: the change is applied, then the answer fails as `answer` says (an answer lost
   * after the commit). For a read it is `answer` alone.
   */
  | { readonly kind: 'apply-then'; readonly answer: Exclude<DopplerFault, { kind: 'apply-then' }> };

/** Which requests a fault applies to, and how many times. */
export interface FaultMatch {
  readonly method?: 'GET' | 'POST';
  /** Exact path, e.g. `/v3/configs/config/secrets`. */
  readonly path?: string;
  /** How many matching requests get the fault (default 1). */
  readonly times?: number;
}

interface FaultRule {
  readonly fault: DopplerFault;
  readonly method: string | undefined;
  readonly path: string | undefined;
  remaining: number;
}

/** A queue of fault rules; each request consumes the first rule that matches it. */
export interface FaultQueue {
  inject(fault: DopplerFault, match?: FaultMatch): void;
  /** The fault for this request, if any (consumes one use). */
  take(method: string, path: string): DopplerFault | undefined;
  clear(): void;
  /** Uses left across all rules. */
  pending(): number;
}

export function createFaultQueue(): FaultQueue {
  let rules: FaultRule[] = [];
  return {
    inject(fault, match = {}) {
      rules.push({ fault, method: match.method, path: match.path, remaining: match.times ?? 1 });
    },
    take(method, path) {
      const rule = rules.find(
        (r) =>
          r.remaining > 0 &&
          (r.method === undefined || r.method === method) &&
          (r.path === undefined || r.path === path),
      );
      if (!rule) return undefined;
      rule.remaining -= 1;
      rules = rules.filter((r) => r.remaining > 0);
      return rule.fault;
    },
    clear() {
      rules = [];
    },
    pending: () => rules.reduce((n, r) => n + r.remaining, 0),
  };
}
