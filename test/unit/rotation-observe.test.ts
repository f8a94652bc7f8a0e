import { describe, expect, it } from 'vitest';
import type { LocationSnapshot, StoredKey } from '../../providers/types.js';
import { formatDuration } from '../../src/rotation/duration.js';
import { describeRotation, promotedAtPrimary } from '../../src/rotation/observe.js';
import { planPromotion } from '../../src/rotation/plan.js';
import { rotationIdFor } from '../../src/rotation/rotation-id.js';
import { fingerprintOf, Secret } from '../../src/secret.js';

const OLD = key('a');
const NEW = key('b');
const LABELS = ['file:v.json#p', 'file:v.json#r1', 'file:w.json#r2'];
const PROMOTED_AT = new Date('2026-12-01T10:00:00Z');

function key(digit: string): StoredKey {
  const secret = new Secret(`cativa_live_${digit.repeat(32)}`);
  return {
    secret,
    fingerprint: fingerprintOf(secret),
    storedAt: undefined,
    storedAtEstimated: false,
  };
}

function snap(slots: Partial<LocationSnapshot> = {}): LocationSnapshot {
  return {
    current: undefined,
    pending: undefined,
    previous: undefined,
    promotedAt: undefined,
    ...slots,
  };
}

function observe(...snapshots: LocationSnapshot[]) {
  return describeRotation('Sync HubSpot prod', LABELS, snapshots);
}

describe('Function: describeRotation', () => {
  it('is idle with the rotate command when nothing is pending or awaiting retirement', () => {
    const o = observe(snap({ current: OLD }), snap({ current: OLD }), snap({ current: OLD }));
    expect(o).toMatchObject({ phase: 'idle', drift: false, rotationId: undefined });
    expect(o.next.command).toBe("cativa-keys rotate 'Sync HubSpot prod'");
  });

  it('is staged, naming promote, when a key is pending and no location holds it', () => {
    const o = observe(
      snap({ current: OLD, pending: NEW }),
      snap({ current: OLD }),
      snap({ current: OLD }),
    );
    expect(o.phase).toBe('staged');
    expect(o.rotationId).toBe(rotationIdFor('Sync HubSpot prod', NEW.fingerprint));
    expect(o.next.command).toBe("cativa-keys promote 'Sync HubSpot prod'");
    expect(o.next.explanation).toContain(NEW.fingerprint.sha256);
  });

  it('is promoting, naming resume, when some replicas already hold the pending key', () => {
    const o = observe(
      snap({ current: OLD, pending: NEW }),
      snap({ current: NEW }),
      snap({ current: OLD }),
    );
    expect(o).toMatchObject({ phase: 'promoting', drift: false });
    expect(o.locations.map((l) => l.holdsPending)).toEqual([false, true, false]);
    expect(o.next.explanation).toContain('1 of 3 locations');
  });

  it('is staged, not promoting, when the current key itself was staged', () => {
    const o = observe(
      snap({ current: OLD, pending: OLD }),
      snap({ current: OLD }),
      snap({ current: OLD }),
    );
    expect(o.phase).toBe('staged');
    expect(promotedAtPrimary(o)).toBe(false);
  });

  it('recognises a promotion that stopped inside the primary write', () => {
    const o = observe(
      snap({ current: NEW, pending: NEW, previous: OLD }),
      snap({ current: NEW }),
      snap({ current: NEW }),
    );
    expect(o.phase).toBe('promoting');
    expect(promotedAtPrimary(o)).toBe(true);
  });

  it('awaits retirement, naming retire and the old fingerprint, after a promotion', () => {
    const primary = snap({ current: NEW, previous: OLD, promotedAt: PROMOTED_AT });
    const o = observe(primary, snap({ current: NEW }), snap({ current: NEW }));
    expect(o.phase).toBe('promoted-awaiting-retire');
    expect(o.rotationId).toBe(rotationIdFor('Sync HubSpot prod', NEW.fingerprint));
    expect(o.primary.promotedAt).toEqual(PROMOTED_AT);
    expect(o.next.command).toBe("cativa-keys retire 'Sync HubSpot prod'");
    expect(o.next.explanation).toContain(OLD.fingerprint.sha256);
  });

  it('reports drift when locations disagree beyond the pending key', () => {
    expect(observe(snap({ current: OLD }), snap({ current: NEW }), snap()).drift).toBe(true);
    expect(observe(snap({ current: OLD }), snap({ current: OLD }), snap()).drift).toBe(true);
  });

  it('never puts a key value in the observation', () => {
    const o = observe(snap({ current: OLD, pending: NEW, previous: key('c') }), snap(), snap());
    const text = JSON.stringify(o);
    for (const d of ['a', 'b', 'c']) expect(text).not.toContain(d.repeat(32));
  });
});

describe('Function: planPromotion', () => {
  it('plans a write per replica not holding the key, then the primary, by fingerprint', () => {
    const o = observe(
      snap({ current: OLD, pending: NEW }),
      snap({ current: NEW }),
      snap({ current: OLD }),
    );
    const plan = planPromotion(o, NEW.fingerprint, true);
    expect(plan.map((p) => p.action)).toEqual(['promote', 'skip', 'write']);
    expect(plan[2]).toMatchObject({ before: OLD.fingerprint, after: NEW.fingerprint });
    const unstaged = planPromotion(
      observe(snap({ current: OLD }), snap(), snap()),
      NEW.fingerprint,
      false,
    );
    expect(unstaged[0]?.action).toBe('stage-and-promote');
  });
});

describe('Function: rotationIdFor', () => {
  it('depends on the key name (any case) and the new key only, and suits AWS tokens', () => {
    const id = rotationIdFor('Sync HubSpot prod', NEW.fingerprint);
    expect(id).toBe(rotationIdFor(' sync hubspot PROD ', NEW.fingerprint));
    expect(id).not.toBe(rotationIdFor('Sync HubSpot prod', OLD.fingerprint));
    expect(id).not.toBe(rotationIdFor('CI build', NEW.fingerprint));
    expect(id).toMatch(/^[a-z0-9-]{32,64}$/);
  });
});

describe('Function: formatDuration', () => {
  it('says days and hours, hours and minutes, or minutes', () => {
    expect(formatDuration(((3 * 24 + 4) * 60 + 5) * 60_000)).toBe('3 days 4 hours');
    expect(formatDuration((60 + 2) * 60_000)).toBe('1 hour 2 minutes');
    expect(formatDuration(59_999)).toBe('0 minutes');
    expect(formatDuration(-5)).toBe('0 minutes');
  });
});
