import { ConflictError } from '../../src/errors.js';
import {
  type Fingerprint,
  fingerprintOf,
  formatFingerprint,
  type Secret,
} from '../../src/secret.js';
import type { WriteContext } from '../types.js';
import { recordStored } from './ledger.js';
import { moveLabel, putVersion, type WriteIo, writeLedger } from './put-version.js';
import { type SlotKey, type Slots, slotsOf } from './slots.js';
import { holderOf, loadState, type SecretState, Stage } from './state.js';
import { versionToken } from './token.js';
import { composeValue } from './value.js';

/**
 * The five writes of the provider interface over staging labels. Each reads the labels first
 * (`DescribeSecret` + `GetSecretValue` per label), then makes one change, so a repeated write
 * finds its effect and does nothing. AWS has no compare-and-set across a read and a write, so a
 * change by another process between the two is detected only where AWS checks it
 * (`RemoveFromVersionId`, `ClientRequestToken`); docs/aws.md says where.
 */

async function load(io: WriteIo, stages: readonly Stage[]): Promise<[SecretState, Slots]> {
  const state = await loadState(io.port, io.location, io.label, stages);
  return [state, slotsOf(state, io.location, io.label, io.keys)];
}

const describeSlot = (slot: SlotKey | undefined) =>
  slot ? `holds ${formatFingerprint(fingerprintOf(slot.secret))}` : 'is empty';

const inUse = (slots: Slots) =>
  [slots.current, slots.pending, slots.previous].flatMap((s) => (s ? [s.sha256] : []));

/** Writes `key` as AWSPENDING unless a key is pending already (the rotation lock). */
export async function stageKey(io: WriteIo, key: Secret, ctx: WriteContext): Promise<void> {
  const [state, slots] = await load(io, [Stage.current, Stage.pending]);
  if (slots.pending?.secret.equals(key)) return;
  if (slots.pending || slots.pendingForeign) {
    const what = slots.pending
      ? describeSlot(slots.pending)
      : `holds a version without field '${io.location.field}'`;
    throw new ConflictError(
      io.label,
      `another rotation is in progress: pending ${what}; promote or abort it first`,
    );
  }
  const sha = fingerprintOf(key).sha256;
  const next = recordStored(slots.ledger, sha, ctx.at, 'keep', inUse(slots));
  // A rotation AWS started (RotateSecret) left an empty AWSPENDING version: the key goes into
  // it, so the rotation function finds it under the token AWS gives it.
  const holder = holderOf(state, Stage.pending);
  const placeholder =
    holder !== undefined &&
    holder !== holderOf(state, Stage.current) &&
    state.versions[Stage.pending] === undefined;
  await putVersion(io, state, {
    token: placeholder ? holder : versionToken(ctx.rotationId, 'stage', io.location),
    text: composeValue(io.location, io.label, slots.currentText, key),
    stage: Stage.pending,
    ledger: next ?? slots.ledger,
    ledgerChanged: next !== undefined,
  });
}

/** Compare-and-set of AWSCURRENT (replicas): writes `key` when current holds `expected`. */
export async function writeCurrentKey(
  io: WriteIo,
  key: Secret,
  expected: Fingerprint | undefined,
  ctx: WriteContext,
): Promise<void> {
  const [state, slots] = await load(io, [Stage.current]);
  if (slots.current?.secret.equals(key)) return;
  const asExpected =
    expected === undefined ? !slots.current : slots.current?.sha256 === expected.sha256;
  if (!asExpected) {
    throw new ConflictError(
      io.label,
      `current changed since it was read: expected ${expected ? formatFingerprint(expected) : 'empty'}, but current ${describeSlot(slots.current)}`,
    );
  }
  const next = recordStored(slots.ledger, fingerprintOf(key).sha256, ctx.at, 'keep', inUse(slots));
  await putVersion(io, state, {
    token: versionToken(ctx.rotationId, 'current', io.location),
    text: composeValue(io.location, io.label, slots.currentText, key),
    stage: Stage.current,
    ledger: next ?? slots.ledger,
    ledgerChanged: next !== undefined,
  });
}

/**
 * Moves AWSCURRENT to the pending version (AWS moves AWSPREVIOUS to the old one), then removes
 * AWSPENDING so the next `RotateSecret` is not blocked. A field location whose other fields
 * changed since staging gets a new version built on the current text instead, so the promotion
 * does not bring back old values of the other fields.
 */
export async function promoteKey(io: WriteIo, fp: Fingerprint, ctx: WriteContext): Promise<void> {
  const [state, slots] = await load(io, [Stage.current, Stage.pending]);
  const pendingHolder = holderOf(state, Stage.pending);
  if (slots.current?.sha256 === fp.sha256) {
    // Already promoted: clear AWSPENDING left on the new current (or on a copy of its key) only.
    const onCurrent = pendingHolder === slots.current.version.versionId;
    const copy =
      state.versions[Stage.pending] !== undefined && !slots.pending && !slots.pendingForeign;
    if (pendingHolder && (onCurrent || copy)) {
      await moveLabel(io, state, Stage.pending, { removeFrom: pendingHolder });
    }
    return;
  }
  const pending = slots.pending;
  if (pending?.sha256 !== fp.sha256) {
    throw new ConflictError(
      io.label,
      `cannot promote ${formatFingerprint(fp)}: pending ${describeSlot(pending)}`,
    );
  }
  const stored =
    recordStored(slots.ledger, fp.sha256, ctx.at, 'replace', inUse(slots)) ?? slots.ledger;
  const ledger = { ...stored, rotated: { sha256: fp.sha256, at: ctx.at } };
  // AWSCURRENT's version, even when its JSON lacks the field (then `slots.current` is empty).
  const currentHolder = holderOf(state, Stage.current);
  const rebase =
    io.location.field !== undefined &&
    slots.currentText !== undefined &&
    pending.version.secretString !== undefined &&
    composeValue(io.location, io.label, slots.currentText, pending.secret) !==
      pending.version.secretString;
  if (rebase) {
    await putVersion(io, state, {
      token: versionToken(ctx.rotationId, 'promote', io.location),
      text: composeValue(io.location, io.label, slots.currentText, pending.secret),
      stage: Stage.current,
      ledger,
      ledgerChanged: true,
    });
  } else {
    await writeLedger(io, state, ledger);
    await moveLabel(io, state, Stage.current, {
      moveTo: pending.version.versionId,
      ...(currentHolder ? { removeFrom: currentHolder } : {}),
    });
  }
  await moveLabel(io, state, Stage.pending, { removeFrom: pending.version.versionId });
}

/** Removes AWSPENDING from the pending version when it holds `expected` (abort). */
export async function discardPendingKey(io: WriteIo, expected: Fingerprint): Promise<void> {
  const [state, slots] = await load(io, [Stage.current, Stage.pending]);
  if (!slots.pending) return;
  if (slots.pending.sha256 !== expected.sha256) {
    throw new ConflictError(
      io.label,
      `cannot discard ${formatFingerprint(expected)}: pending ${describeSlot(slots.pending)}`,
    );
  }
  await moveLabel(io, state, Stage.pending, { removeFrom: slots.pending.version.versionId });
}

/** Removes AWSPREVIOUS from the previous version when it holds `expected` (retire). */
export async function clearPreviousKey(io: WriteIo, expected: Fingerprint): Promise<void> {
  const [state, slots] = await load(io, [Stage.current, Stage.previous]);
  if (!slots.previous) return;
  if (slots.previous.sha256 !== expected.sha256) {
    throw new ConflictError(
      io.label,
      `cannot clear ${formatFingerprint(expected)}: previous ${describeSlot(slots.previous)}`,
    );
  }
  await moveLabel(io, state, Stage.previous, { removeFrom: slots.previous.version.versionId });
}
