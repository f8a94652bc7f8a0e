import { randomBytes } from 'node:crypto';

/**
 * The state of the local Doppler API server: configs holding secrets, and each config's logs
 * (one per effective change, newest first, with a diff naming the secrets and their values, as
 * Doppler's config log object does). Shapes follow Doppler's API reference.
 */

/** One entry of a config log's diff. */
export interface DopplerLogDiff {
  readonly name: string;
  readonly added?: string;
  readonly removed?: string;
}

/** A config log, as `GET /v3/configs/config/logs/log` returns it. */
export interface DopplerLog {
  readonly id: string;
  readonly text: string;
  readonly html: string;
  readonly diff: readonly DopplerLogDiff[];
  readonly rollback: boolean;
  readonly created_at: string;
  readonly project: string;
  readonly environment: string;
  readonly config: string;
  readonly user: { readonly email: string; readonly name: string; readonly username: string };
}

/** One config: its secrets (name -> raw value) and logs (newest last in the array). */
export interface DopplerConfigStore {
  readonly project: string;
  readonly config: string;
  readonly environment: string;
  readonly secrets: Map<string, string>;
  readonly logs: DopplerLog[];
}

/** A `change_requests` entry as received (unchecked). */
export interface IncomingChange {
  name?: unknown;
  originalName?: unknown;
  value?: unknown;
  originalValue?: unknown;
  shouldDelete?: unknown;
}

/** Why a request was refused: status and Doppler-style messages (they never quote a value). */
export interface Refusal {
  readonly status: number;
  readonly messages: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Builds a config log of `diff` at `at`. */
export function makeLog(store: DopplerConfigStore, diff: DopplerLogDiff[], at: Date): DopplerLog {
  const text = `Updated ${diff.length} secret${diff.length === 1 ? '' : 's'}`;
  return {
    id: randomBytes(12).toString('hex'),
    text,
    html: `<p>${text}</p>`,
    diff,
    rollback: false,
    created_at: at.toISOString(),
    project: store.project,
    environment: store.environment,
    config: store.config,
    user: { email: 'bench@example.com', name: 'Bench', username: 'bench' },
  };
}

/** Sets secrets as the `secrets` form of the update does (a null value deletes); logs the diff. */
export function applySecretsMap(
  store: DopplerConfigStore,
  secrets: Record<string, unknown>,
  at: Date,
): Refusal | undefined {
  const diff: DopplerLogDiff[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    if (!NAME.test(name)) return { status: 400, messages: [`Invalid secret name: ${name}`] };
    if (value !== null && typeof value !== 'string') {
      return { status: 400, messages: [`Secret ${name} must be a string or null`] };
    }
  }
  for (const [name, value] of Object.entries(secrets) as Array<[string, string | null]>) {
    const before = store.secrets.get(name);
    if (value === null) {
      if (before === undefined) continue;
      store.secrets.delete(name);
      diff.push({ name, removed: before });
    } else if (before !== value) {
      store.secrets.set(name, value);
      diff.push({ name, added: value, ...(before === undefined ? {} : { removed: before }) });
    }
  }
  if (diff.length > 0) store.logs.push(makeLog(store, diff, at));
  return undefined;
}

/**
 * Applies `change_requests` all or nothing: every entry is checked against the config as it is
 * (names, existence, `originalValue`) before any is applied; one log records the effective ones.
 * A new secret has no `originalName`; an existing one is named by it; `originalValue` must equal
 * the stored value; `shouldDelete` deletes; a `null` value keeps the value (a rename).
 */
export function applyChangeRequests(
  store: DopplerConfigStore,
  changes: readonly IncomingChange[],
  at: Date,
): Refusal | undefined {
  const seen = new Set<string>();
  for (const change of changes) {
    const { name, originalName, value, originalValue, shouldDelete } = change;
    if (typeof name !== 'string' || !NAME.test(name)) {
      return { status: 400, messages: ['Each change request needs a valid secret name'] };
    }
    if (seen.has(name)) return { status: 400, messages: [`Secret ${name} is changed twice`] };
    seen.add(name);
    const source = originalName ?? null;
    if (source !== null && typeof source !== 'string') {
      return { status: 400, messages: [`originalName of ${name} must be a string or null`] };
    }
    if (value !== null && value !== undefined && typeof value !== 'string') {
      return { status: 400, messages: [`value of ${name} must be a string or null`] };
    }
    if (source === null) {
      if (shouldDelete === true)
        return { status: 400, messages: [`Cannot delete ${name}: originalName is required`] };
      if (store.secrets.has(name))
        return { status: 400, messages: [`Secret ${name} already exists`] };
      if (typeof value !== 'string')
        return { status: 400, messages: [`A value is required to create ${name}`] };
      continue;
    }
    const stored = store.secrets.get(source);
    if (stored === undefined) return { status: 400, messages: [`Secret ${source} does not exist`] };
    if (originalValue !== undefined && originalValue !== stored) {
      return { status: 400, messages: [`The value of ${source} has changed since it was read`] };
    }
    if (source !== name && store.secrets.has(name)) {
      return { status: 400, messages: [`Secret ${name} already exists`] };
    }
  }
  const diff: DopplerLogDiff[] = [];
  for (const change of changes) {
    const name = change.name as string;
    const source = (change.originalName as string | null | undefined) ?? null;
    const before = source === null ? undefined : store.secrets.get(source);
    if (change.shouldDelete === true) {
      store.secrets.delete(source as string);
      diff.push({ name: source as string, ...(before === undefined ? {} : { removed: before }) });
      continue;
    }
    const next = typeof change.value === 'string' ? change.value : (before as string);
    if (source !== null && source !== name) store.secrets.delete(source);
    store.secrets.set(name, next);
    if (before !== next || source !== name) {
      diff.push({ name, added: next, ...(before === undefined ? {} : { removed: before }) });
    }
  }
  if (diff.length > 0) store.logs.push(makeLog(store, diff, at));
  return undefined;
}

/** A `secrets` object of Doppler's answers: `{ NAME: { raw, computed, note, … } }`. */
export function secretsObject(store: DopplerConfigStore, only?: ReadonlySet<string>) {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of store.secrets) {
    if (only && !only.has(name)) continue;
    out[name] = {
      raw,
      computed: raw,
      note: '',
      rawVisibility: 'masked',
      computedVisibility: 'masked',
      rawValueType: { type: 'string' },
      computedValueType: { type: 'string' },
    };
  }
  return out;
}
