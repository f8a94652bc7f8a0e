import { describe, expect, it } from 'vitest';
import type { LocationSnapshot, StoredKey } from '../../providers/types.js';
import { classifyKey, type KeyObservation, retireCheckDue } from '../../src/audit/classify.js';
import type { AuthMeOutcome } from '../../src/cativa/types.js';
import { DAY_MS } from '../../src/clock.js';
import type { ManagedKey } from '../../src/config/schema.js';
import { fingerprintOf, Secret } from '../../src/secret.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const KEY_A = new Secret(`cativa_live_${'a'.repeat(32)}`);
const KEY_B = new Secret(`cativa_live_${'b'.repeat(32)}`);
const KEY_C = new Secret(`cativa_live_${'c'.repeat(32)}`);

const key: ManagedKey = {
  name: 'Sync HubSpot prod',
  tenant: 'acme',
  locations: [
    { provider: 'file', entry: 'primary' },
    { provider: 'file', entry: 'replica' },
  ],
  effectivePolicy: { maxAgeDays: 90, warnAgeDays: 75, retireGraceDays: 7 },
};

function stored(secret: Secret, ageMs = 0, estimated = false): StoredKey {
  return {
    secret,
    fingerprint: fingerprintOf(secret),
    storedAt: new Date(NOW.getTime() - ageMs),
    storedAtEstimated: estimated,
  };
}

function snapshot(parts: Partial<LocationSnapshot>): LocationSnapshot {
  return {
    current: undefined,
    pending: undefined,
    previous: undefined,
    promotedAt: undefined,
    ...parts,
  };
}

const valid: AuthMeOutcome = {
  kind: 'valid',
  identity: {
    id: 'u-1',
    customer: 'acme',
    role: 'admin',
    email: undefined,
    displayName: undefined,
  },
};
const problem = {
  status: 401,
  type: 'Auth.Invalid',
  title: undefined,
  detail: undefined,
  traceId: 'T:1',
};

function observe(overrides: Partial<KeyObservation> & { ageMs?: number } = {}): KeyObservation {
  const current = stored(KEY_A, overrides.ageMs ?? DAY_MS);
  return {
    key,
    now: NOW,
    locations: [
      { label: 'file:v.json#primary', snapshot: snapshot({ current }) },
      { label: 'file:v.json#replica', snapshot: snapshot({ current }) },
    ],
    current: { outcome: valid },
    ...overrides,
  };
}

describe('Function: classifyKey', () => {
  it('reports ok for a young, valid key whose copies agree', () => {
    const report = classifyKey(observe());
    expect(report.status).toBe('ok');
    expect(report.findings).toEqual([]);
    expect(report.next).toBeUndefined();
    expect(report.identity).toEqual({ id: 'u-1', customer: 'acme', role: 'admin' });
  });

  describe('age boundaries (warn 75 days, max 90 days)', () => {
    it.each([
      [74 * DAY_MS + 23 * 3_600_000, 'ok'],
      [75 * DAY_MS, 'due'],
      [89 * DAY_MS + 23 * 3_600_000, 'due'],
      [90 * DAY_MS - 1, 'due'],
      [90 * DAY_MS, 'stale'],
      [90 * DAY_MS + 1, 'stale'],
    ])('classifies an age of %d ms as %s', (ageMs, status) => {
      expect(classifyKey(observe({ ageMs })).status).toBe(status);
    });

    it('honours a per-key policy', () => {
      const strict = {
        ...key,
        effectivePolicy: { maxAgeDays: 30, warnAgeDays: 20, retireGraceDays: 7 },
      };
      expect(classifyKey(observe({ key: strict, ageMs: 30 * DAY_MS })).status).toBe('stale');
    });

    it('marks estimated ages', () => {
      const obs = observe();
      const current = stored(KEY_A, DAY_MS, true);
      const report = classifyKey({
        ...obs,
        locations: [{ label: 'p', snapshot: snapshot({ current }) }],
      });
      expect(report.ageEstimated).toBe(true);
    });
  });

  it('reports dead on 401 with the traceId', () => {
    const report = classifyKey(
      observe({ current: { outcome: { kind: 'unauthorized', problem } } }),
    );
    expect(report.status).toBe('dead');
    expect(report.findings[0]?.traceId).toBe('T:1');
    expect(report.next).toBe("cativa-keys rotate 'Sync HubSpot prod'");
  });

  it('reports forbidden on 403', () => {
    const outcome: AuthMeOutcome = { kind: 'forbidden', problem: { ...problem, status: 403 } };
    expect(classifyKey(observe({ current: { outcome } })).status).toBe('forbidden');
  });

  it('reports wrong-tenant when the customer differs', () => {
    const outcome: AuthMeOutcome = {
      kind: 'valid',
      identity: { ...valid.identity, customer: 'globex' },
    };
    const report = classifyKey(observe({ current: { outcome } }));
    expect(report.status).toBe('wrong-tenant');
    expect(report.findings[0]?.message).toContain("'globex'");
  });

  it('reports wrong-tenant when the expected user or role differs', () => {
    const picky = { ...key, userId: 'u-2' };
    expect(classifyKey(observe({ key: picky })).status).toBe('wrong-tenant');
    const roleBound = { ...key, role: 'reader' };
    expect(classifyKey(observe({ key: roleBound })).status).toBe('wrong-tenant');
  });

  it('reports drift when a replica holds another key, naming both fingerprints', () => {
    const obs = observe();
    const report = classifyKey({
      ...obs,
      locations: [
        obs.locations[0] as KeyObservation['locations'][number],
        { label: 'file:v.json#replica', snapshot: snapshot({ current: stored(KEY_C) }) },
      ],
    });
    expect(report.status).toBe('drift');
    expect(report.findings[0]?.location).toBe('file:v.json#replica');
    expect(report.findings[0]?.message).toMatch(/cativa_live_…cccc .*cativa_live_…aaaa/);
  });

  it('reports rotation-pending, not drift, while a promotion is under way', () => {
    const primary = snapshot({ current: stored(KEY_A), pending: stored(KEY_B) });
    const report = classifyKey({
      ...observe(),
      locations: [
        { label: 'p', snapshot: primary },
        { label: 'r', snapshot: snapshot({ current: stored(KEY_B) }) },
      ],
    });
    expect(report.status).toBe('rotation-pending');
    expect(report.findings.map((f) => f.status)).toEqual(['rotation-pending']);
    expect(report.findings[0]?.message).toContain('did not finish');
    expect(report.pendingSince).toBe(NOW.toISOString());
  });

  it('reports retire-overdue when the old key still answers after the grace period', () => {
    const primary = snapshot({
      current: stored(KEY_B),
      previous: stored(KEY_A, 100 * DAY_MS),
      promotedAt: new Date(NOW.getTime() - 8 * DAY_MS),
    });
    expect(retireCheckDue(key, primary, NOW)).toBe(true);
    const report = classifyKey({
      ...observe(),
      locations: [{ label: 'p', snapshot: primary }],
      previous: { outcome: valid },
    });
    expect(report.status).toBe('retire-overdue');
    expect(report.findings[0]?.message).toContain('8 days after promotion');
  });

  it('does not check the previous key within the grace period', () => {
    const primary = snapshot({
      current: stored(KEY_B),
      previous: stored(KEY_A),
      promotedAt: new Date(NOW.getTime() - 7 * DAY_MS + 1),
    });
    expect(retireCheckDue(key, primary, NOW)).toBe(false);
  });

  it('reports unreachable for a vault error and still classifies the rest', () => {
    const obs = observe({ ageMs: 91 * DAY_MS });
    const report = classifyKey({
      ...obs,
      locations: [
        obs.locations[0] as KeyObservation['locations'][number],
        { label: 'r', error: new Error('EACCES') },
      ],
    });
    expect(report.status).toBe('unreachable');
    expect(report.findings.map((f) => f.status)).toEqual(['unreachable', 'stale']);
  });

  it('reports unreachable when Cativa cannot be asked', () => {
    const error = Object.assign(new Error('Cativa answered 503 three times'), { traceId: 'T:9' });
    const report = classifyKey(observe({ current: { error } }));
    expect(report.status).toBe('unreachable');
    expect(report.findings[0]?.traceId).toBe('T:9');
  });

  it('reports missing for a location without a key', () => {
    const obs = observe();
    const report = classifyKey({
      ...obs,
      locations: [
        obs.locations[0] as KeyObservation['locations'][number],
        { label: 'r', snapshot: snapshot({}) },
      ],
    });
    expect(report.status).toBe('missing');
  });

  it('puts the most severe finding first', () => {
    const report = classifyKey(
      observe({ ageMs: 120 * DAY_MS, current: { outcome: { kind: 'unauthorized', problem } } }),
    );
    expect(report.findings.map((f) => f.status)).toEqual(['dead', 'stale']);
  });
});

describe('Function: describeError (through classifyKey)', () => {
  it('shows a foreign error by its name only, since its message may quote what it failed on', () => {
    const leaky = new SyntaxError(`Unexpected token in "${KEY_A.reveal()}"`);
    const obs = observe();
    const report = classifyKey({
      ...obs,
      locations: [
        obs.locations[0] as KeyObservation['locations'][number],
        { label: 'r', error: leaky },
      ],
    });
    expect(report.findings[0]?.message).toBe('the vault could not be read: unexpected SyntaxError');
    expect(JSON.stringify(report)).not.toContain(KEY_A.reveal());
  });
});
