import type { Clock } from '../clock.js';
import type { Secret } from '../secret.js';
import type { SimFault } from './simulator-faults.js';
import type {
  SimKeyInfo,
  SimKeyInput,
  SimKeyRef,
  SimUser,
  SimUserInput,
} from './simulator-state.js';

/** Options of `startCativaSimulator`. */
export interface CativaSimulatorOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Stamps keys' `createdAt`. Default: the system clock. */
  readonly clock?: Clock;
}

/** Request counts, by route (`GET /social/v1/auth/me`) and by key fingerprint (SHA-256 prefix). */
export interface SimRequestCounts {
  readonly byRoute: Readonly<Record<string, number>>;
  /** Keyed by `fingerprintOf(key).sha256`; requests without a bearer are not in it. */
  readonly byKey: Readonly<Record<string, number>>;
}

/** Everything the simulator holds, without key values (the admin API's `GET /__admin/state`). */
export interface SimSnapshot {
  readonly tenants: readonly string[];
  readonly users: readonly SimUser[];
  readonly keys: readonly SimKeyInfo[];
  readonly latencyMs: number;
  readonly pendingFaults: number;
  readonly requests: SimRequestCounts;
}

/** A running Cativa simulator. Methods act at once; the admin API under `/__admin/` mirrors them. */
export interface CativaSimulator {
  /** e.g. `http://127.0.0.1:41234`: the base URL to give the client. */
  readonly url: string;
  readonly port: number;
  /** Stops the server, destroying open connections (hung requests included). Idempotent. */
  close(): Promise<void>;
  createTenant(name: string): { readonly name: string };
  createUser(input: SimUserInput): SimUser;
  /** Creates a key; the returned value is the only copy the simulator gives out. */
  createKey(input: SimKeyInput): Secret;
  /** Revoked keys answer 401. Throws `SimulatorInputError` for an unknown key. */
  revokeKey(ref: SimKeyRef): SimKeyInfo;
  /** `false` makes the key answer 403. */
  setPermission(ref: SimKeyRef, permission: boolean): SimKeyInfo;
  keyInfo(ref: SimKeyRef): SimKeyInfo | undefined;
  /** Delay before answering each non-admin request, in milliseconds. */
  setLatency(ms: number): void;
  /** Queues `fault` for the next `times` (default 1) `/auth/me` requests. */
  failNext(fault: SimFault, times?: number): void;
  clearFaults(): void;
  /** Requests received on a route (default `GET /social/v1/auth/me`), counted since the last reset. */
  requestCount(route?: string): number;
  /** `/auth/me` requests that presented this key. */
  keyRequestCount(key: Secret): number;
  resetCounters(): void;
  snapshot(): SimSnapshot;
}
