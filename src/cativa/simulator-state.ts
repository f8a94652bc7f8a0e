import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { type Fingerprint, fingerprintOf, Secret } from '../secret.js';

/** A person of a simulated tenant, with the fields `/auth/me` returns. */
export interface SimUser {
  readonly id: string;
  readonly tenant: string;
  readonly email: string;
  readonly displayName: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly userName: string;
  readonly role: string;
  /** Account status as the docs mention it, e.g. `Active`. Reported only; it changes no answer. */
  readonly status: string;
}

/** What the simulator tells about a key: never its value. */
export interface SimKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly tenant: string;
  readonly userId: string;
  /** False makes `/auth/me` answer 403. */
  readonly permission: boolean;
  /** True makes `/auth/me` answer 401. */
  readonly revoked: boolean;
  readonly createdAt: Date;
  readonly fingerprint: Fingerprint;
}

/** Input of {@link SimulatorState.createUser}; omitted fields get generated values. */
export type SimUserInput = { readonly tenant: string } & Partial<Omit<SimUser, 'tenant'>>;

/** Input of {@link SimulatorState.createKey}. */
export interface SimKeyInput {
  /** Created when it does not exist yet. */
  readonly tenant: string;
  /** Default: the tenant's first user, created when it has none. */
  readonly userId?: string;
  /** As typed in the Console. Default `Simulated key N`. */
  readonly name?: string;
  /** Default true. */
  readonly permission?: boolean;
}

/** A key as given to the simulator: the value itself, or the key's id. */
export type SimKeyRef = Secret | string;

/** A request the simulator cannot honour; `status` is the admin API's answer. */
export class SimulatorInputError extends Error {
  override readonly name = 'SimulatorInputError';
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

/** The result of looking up a bearer value. */
export type KeyLookup =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'known'; readonly key: SimKeyInfo; readonly user: SimUser };

/** Tenants, users and keys of the simulator. Keys are stored by SHA-256, never by value. */
export interface SimulatorState {
  createTenant(name: string): { readonly name: string };
  createUser(input: SimUserInput): SimUser;
  /** Creates a key and returns its value: the only time it is available, as in the Console. */
  createKey(input: SimKeyInput): { readonly key: Secret; readonly info: SimKeyInfo };
  revokeKey(ref: SimKeyRef): SimKeyInfo;
  setPermission(ref: SimKeyRef, permission: boolean): SimKeyInfo;
  keyInfo(ref: SimKeyRef): SimKeyInfo | undefined;
  lookup(bearer: string): KeyLookup;
  tenants(): readonly string[];
  users(): readonly SimUser[];
  keys(): readonly SimKeyInfo[];
}

/** Hex SHA-256 of a raw value; how the simulator indexes keys. */
export function keyDigest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Creates an empty simulator state. */
export function createSimulatorState(clock: Clock): SimulatorState {
  const tenantNames = new Set<string>();
  const users = new Map<string, SimUser>();
  const keysByDigest = new Map<string, SimKeyInfo>();
  let serial = 0;

  const createTenant = (name: string) => {
    if (name.trim() === '') throw new SimulatorInputError('a tenant name must not be empty', 400);
    tenantNames.add(name);
    return { name };
  };

  const createUser = (input: SimUserInput): SimUser => {
    createTenant(input.tenant);
    const n = ++serial;
    const userName = input.userName ?? `sim.user${n}`;
    const user: SimUser = {
      id: input.id ?? randomUUID(),
      email: input.email ?? `${userName}@example.test`,
      displayName: input.displayName ?? `Sim User ${n}`,
      firstName: input.firstName ?? 'Sim',
      lastName: input.lastName ?? `User ${n}`,
      userName,
      role: input.role ?? 'Developer',
      status: input.status ?? 'Active',
      tenant: input.tenant,
    };
    if (users.has(user.id)) throw new SimulatorInputError(`user ${user.id} already exists`, 400);
    users.set(user.id, user);
    return user;
  };

  const findEntry = (ref: SimKeyRef): [string, SimKeyInfo] | undefined => {
    if (ref instanceof Secret) {
      const digest = keyDigest(ref.reveal());
      const info = keysByDigest.get(digest);
      return info && [digest, info];
    }
    return [...keysByDigest].find(([, info]) => info.id === ref);
  };

  const update = (ref: SimKeyRef, change: Partial<SimKeyInfo>): SimKeyInfo => {
    const entry = findEntry(ref);
    if (!entry) throw new SimulatorInputError('no such key', 404);
    const next = { ...entry[1], ...change };
    keysByDigest.set(entry[0], next);
    return next;
  };

  return {
    createTenant,
    createUser,
    createKey(input) {
      createTenant(input.tenant);
      const user = input.userId
        ? users.get(input.userId)
        : ([...users.values()].find((u) => u.tenant === input.tenant) ??
          createUser({ tenant: input.tenant }));
      if (!user) throw new SimulatorInputError(`no user ${input.userId}`, 404);
      if (user.tenant !== input.tenant) {
        throw new SimulatorInputError(`user ${user.id} is not in tenant ${input.tenant}`, 400);
      }
      const key = new Secret(`cativa_live_${randomBytes(16).toString('hex')}`);
      const info: SimKeyInfo = {
        id: randomUUID(),
        name: input.name ?? `Simulated key ${++serial}`,
        tenant: input.tenant,
        userId: user.id,
        permission: input.permission ?? true,
        revoked: false,
        createdAt: clock.now(),
        fingerprint: fingerprintOf(key),
      };
      keysByDigest.set(keyDigest(key.reveal()), info);
      return { key, info };
    },
    revokeKey: (ref) => update(ref, { revoked: true }),
    setPermission: (ref, permission) => update(ref, { permission }),
    keyInfo: (ref) => findEntry(ref)?.[1],
    lookup(bearer) {
      const key = keysByDigest.get(keyDigest(bearer));
      const user = key && users.get(key.userId);
      return key && user ? { kind: 'known', key, user } : { kind: 'unknown' };
    },
    tenants: () => [...tenantNames],
    users: () => [...users.values()],
    keys: () => [...keysByDigest.values()],
  };
}
