import { describe, expect, it } from 'vitest';
import {
  planDiscardPending,
  planPromote,
  planStage,
  planWriteCurrent,
} from '../../providers/doppler/plan.js';
import { parseRecord, serializeRecord } from '../../providers/doppler/record.js';
import { type LocationState, slotNamesOf } from '../../providers/doppler/state.js';
import { fingerprintOf, Secret } from '../../src/secret.js';

const names = slotNamesOf(
  { provider: 'doppler', project: 'p', config: 'c', name: 'KEY' },
  { pendingSuffix: '_PENDING', previousSuffix: '_PREVIOUS', recordSuffix: '_ROTATED_AT' },
);
const OLD = `cativa_live_${'a'.repeat(32)}`;
const NEW = `cativa_live_${'b'.repeat(32)}`;
const AT = new Date('2025-02-01T00:00:00Z');
const ctx = { rotationId: 'r-1', at: AT };

function state(values: Record<string, string>): LocationState {
  return { names, values: new Map(Object.entries(values).map(([k, v]) => [k, new Secret(v)])) };
}

describe('Function: planStage', () => {
  it('creates the pending sibling (no originalName) and the record, in one request', () => {
    const changes = planStage(state({ KEY: OLD }), new Secret(NEW), ctx, 'label');
    expect(changes.map((c) => [c.name, c.originalName, c.originalValue])).toEqual([
      ['KEY_PENDING', undefined, undefined],
      ['KEY_ROTATED_AT', undefined, undefined],
    ]);
    expect(parseRecord(changes[1]?.value ?? undefined)?.pending).toEqual({
      sha256: fingerprintOf(new Secret(NEW)).sha256,
      storedAt: AT,
      rotationId: 'r-1',
    });
  });

  it('treats an existing but empty pending secret as empty, updating it under compare-and-set', () => {
    const [pending] = planStage(
      state({ KEY: OLD, KEY_PENDING: '' }),
      new Secret(NEW),
      ctx,
      'label',
    );
    expect(pending).toMatchObject({
      name: 'KEY_PENDING',
      originalName: 'KEY_PENDING',
      originalValue: '',
    });
  });
});

describe('Function: planWriteCurrent', () => {
  it('keeps a replica free of siblings: no record is created', () => {
    const changes = planWriteCurrent(
      state({ KEY: OLD }),
      new Secret(NEW),
      fingerprintOf(new Secret(OLD)),
      ctx,
      'label',
    );
    expect(changes).toEqual([{ name: 'KEY', originalName: 'KEY', value: NEW, originalValue: OLD }]);
  });
});

describe('Function: planPromote', () => {
  const staged = () => {
    const [, record] = planStage(state({ KEY: OLD }), new Secret(NEW), ctx, 'label');
    return state({ KEY: OLD, KEY_PENDING: NEW, KEY_ROTATED_AT: record?.value ?? '' });
  };

  it('keeps the old key before replacing it, deletes pending and records the promotion', () => {
    const changes = planPromote(staged(), fingerprintOf(new Secret(NEW)), ctx, 'label');
    expect(changes.map((c) => c.name)).toEqual([
      'KEY_PREVIOUS',
      'KEY',
      'KEY_PENDING',
      'KEY_ROTATED_AT',
    ]);
    expect(changes[2]).toEqual({
      name: 'KEY_PENDING',
      originalName: 'KEY_PENDING',
      value: null,
      shouldDelete: true,
      originalValue: NEW,
    });
    const record = parseRecord(changes[3]?.value ?? undefined);
    expect(record).toMatchObject({ promotedAt: AT, current: { storedAt: AT, rotationId: 'r-1' } });
    expect(record?.pending).toBeUndefined();
  });

  it("on a replay clears a leftover copy in pending, and leaves another rotation's key alone", () => {
    const fp = fingerprintOf(new Secret(NEW));
    expect(
      planPromote(state({ KEY: NEW, KEY_PENDING: NEW }), fp, ctx, 'l').map((c) => c.name),
    ).toEqual(['KEY_PENDING']);
    expect(planPromote(state({ KEY: NEW, KEY_PENDING: OLD }), fp, ctx, 'l')).toEqual([]);
  });

  it('throws ConflictError naming fingerprints, never values', () => {
    const fp = fingerprintOf(new Secret(`cativa_live_${'c'.repeat(32)}`));
    expect(() => planPromote(staged(), fp, ctx, 'doppler:p/c#KEY')).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.not.stringContaining(NEW) }),
    );
  });
});

describe('Function: planDiscardPending', () => {
  it('does nothing when pending is already empty', () => {
    expect(planDiscardPending(state({ KEY: OLD }), fingerprintOf(new Secret(NEW)), 'l')).toEqual(
      [],
    );
  });
});

describe('Function: parseRecord', () => {
  it('round-trips, and ignores a record edited into something else', () => {
    const record = { promotedAt: AT, current: { sha256: 'abcdefabcdef', storedAt: AT } };
    expect(parseRecord(serializeRecord(record))).toEqual(record);
    expect(parseRecord('2025-01-01')).toBeUndefined();
    expect(parseRecord('{"tool":"cativa-keys","version":2}')).toBeUndefined();
  });
});
