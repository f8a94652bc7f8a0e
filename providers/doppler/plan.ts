import { ConflictError } from '../../src/errors.js';
import {
  type Fingerprint,
  fingerprintOf,
  formatFingerprint,
  type Secret,
} from '../../src/secret.js';
import type { WriteContext } from '../types.js';
import { type RotationRecord, type SlotRecord, serializeRecord } from './record.js';
import { type LocationState, recordOf, slotValue } from './state.js';

/**
 * The writes of a location as pure functions of what Doppler holds now: each returns the
 * `change_requests` to send (none: the write already took effect) or throws `ConflictError`.
 * Every change carries `originalValue` (the value just read) or, for a secret that does not
 * exist, no `originalName` (create), so Doppler refuses it when anything moved since the read:
 * the compare-and-set. A retry re-reads and plans again, so it is safe and converges.
 */

/** One entry of `change_requests` (Doppler's shape; `null` is meaningful, see its API reference). */
export interface ChangeRequest {
  readonly name: string;
  /** The existing secret's name; absent for a secret to create. */
  readonly originalName?: string;
  /** The new value; `null` with `shouldDelete`. */
  readonly value: string | null;
  /** The value the secret must hold for the change to apply. */
  readonly originalValue?: string;
  readonly shouldDelete?: boolean;
}

function holds(value: Secret | undefined, fp: Fingerprint): value is Secret {
  return value !== undefined && fingerprintOf(value).sha256 === fp.sha256;
}

function describeValue(value: Secret | undefined): string {
  return value ? `holds ${formatFingerprint(fingerprintOf(value))}` : 'is empty';
}

function setTo(state: LocationState, name: string, value: Secret): ChangeRequest {
  const existing = state.values.get(name);
  if (!existing) return { name, value: value.reveal() };
  return { name, originalName: name, value: value.reveal(), originalValue: existing.reveal() };
}

function remove(state: LocationState, name: string): ChangeRequest[] {
  const existing = state.values.get(name);
  if (!existing) return [];
  return [
    { name, originalName: name, value: null, shouldDelete: true, originalValue: existing.reveal() },
  ];
}

/** Writes the record when it changes; `create` writes one where none exists yet. */
function recordChange(
  state: LocationState,
  update: (record: RotationRecord) => RotationRecord,
  create: boolean,
): ChangeRequest[] {
  const existing = state.values.get(state.names.record);
  if (!existing && !create) return [];
  const text = serializeRecord(update(recordOf(state) ?? {}));
  if (existing?.reveal() === text) return [];
  const existingRaw = existing?.reveal();
  return [
    existingRaw === undefined
      ? { name: state.names.record, value: text }
      : {
          name: state.names.record,
          originalName: state.names.record,
          value: text,
          originalValue: existingRaw,
        },
  ];
}

function slotRecord(value: Secret, ctx: WriteContext): SlotRecord {
  return { sha256: fingerprintOf(value).sha256, storedAt: ctx.at, rotationId: ctx.rotationId };
}

export function planStage(
  state: LocationState,
  key: Secret,
  ctx: WriteContext,
  label: string,
): ChangeRequest[] {
  const pending = slotValue(state, state.names.pending);
  if (pending?.equals(key)) return [];
  if (pending) {
    throw new ConflictError(
      label,
      `another rotation is in progress: pending ${describeValue(pending)}; promote or abort it first`,
    );
  }
  return [
    setTo(state, state.names.pending, key),
    ...recordChange(state, (r) => ({ ...r, pending: slotRecord(key, ctx) }), true),
  ];
}

export function planWriteCurrent(
  state: LocationState,
  key: Secret,
  expected: Fingerprint | undefined,
  ctx: WriteContext,
  label: string,
): ChangeRequest[] {
  const current = slotValue(state, state.names.current);
  if (current?.equals(key)) return [];
  const asExpected = expected === undefined ? current === undefined : holds(current, expected);
  if (!asExpected) {
    const wanted = expected ? formatFingerprint(expected) : 'empty';
    throw new ConflictError(
      label,
      `current changed since it was read: expected ${wanted}, but current ${describeValue(current)}`,
    );
  }
  return [
    setTo(state, state.names.current, key),
    // A replica gets no record (it would be one more secret its consumers see); a primary's is kept.
    ...recordChange(state, (r) => ({ ...r, current: slotRecord(key, ctx) }), false),
  ];
}

export function planPromote(
  state: LocationState,
  fp: Fingerprint,
  ctx: WriteContext,
  label: string,
): ChangeRequest[] {
  const { names } = state;
  const current = slotValue(state, names.current);
  const pending = slotValue(state, names.pending);
  if (holds(current, fp)) {
    // Already promoted: clear a leftover copy in pending; another key there is a later rotation's.
    if (!holds(pending, fp)) return [];
    return [
      ...remove(state, names.pending),
      ...recordChange(state, ({ pending: _p, ...r }) => r, false),
    ];
  }
  if (!holds(pending, fp)) {
    throw new ConflictError(
      label,
      `cannot promote ${formatFingerprint(fp)}: pending ${describeValue(pending)}`,
    );
  }
  const record = recordOf(state);
  const oldCurrent: SlotRecord | undefined = current && {
    sha256: fingerprintOf(current).sha256,
    ...(record?.current?.sha256 === fingerprintOf(current).sha256 ? record.current : {}),
  };
  // Order matters if Doppler ever applied a request partly: the old key is kept before it is replaced.
  return [
    ...(current ? [setTo(state, names.previous, current)] : []),
    setTo(state, names.current, pending),
    ...remove(state, names.pending),
    ...recordChange(
      state,
      ({ pending: staged, ...r }) => ({
        ...r,
        ...(oldCurrent ? { previous: oldCurrent } : {}),
        current: {
          sha256: fp.sha256,
          storedAt: ctx.at,
          rotationId: staged?.rotationId ?? ctx.rotationId,
        },
        promotedAt: ctx.at,
      }),
      true,
    ),
  ];
}

export function planDiscardPending(
  state: LocationState,
  fp: Fingerprint,
  label: string,
): ChangeRequest[] {
  const pending = slotValue(state, state.names.pending);
  if (!pending) return [];
  if (!holds(pending, fp)) {
    throw new ConflictError(
      label,
      `cannot discard ${formatFingerprint(fp)}: pending ${describeValue(pending)}`,
    );
  }
  return [
    ...remove(state, state.names.pending),
    ...recordChange(state, ({ pending: _p, ...r }) => r, false),
  ];
}

export function planClearPrevious(
  state: LocationState,
  fp: Fingerprint,
  ctx: WriteContext,
  label: string,
): ChangeRequest[] {
  const previous = slotValue(state, state.names.previous);
  if (!previous) return [];
  if (!holds(previous, fp)) {
    throw new ConflictError(
      label,
      `cannot clear ${formatFingerprint(fp)}: previous ${describeValue(previous)}`,
    );
  }
  return [
    ...remove(state, state.names.previous),
    ...recordChange(state, ({ previous: _p, ...r }) => ({ ...r, retiredAt: ctx.at }), false),
  ];
}
