import { describe, expect, it } from 'vitest';
import { buildAuditDigest, type DigestOptions } from '../../src/alerts/digest.js';
import type { AuditReport, Finding, KeyReport } from '../../src/audit/types.js';
import { AUDIT_STATUSES } from '../../src/audit/types.js';

const NOW = new Date('2026-12-04T06:00:00.000Z');
const HOUR = 3_600_000;

function key(name: string, findings: Finding[], extra: Partial<KeyReport> = {}): KeyReport {
  return {
    name,
    tenant: 'Acme Robotics',
    status: findings[0]?.status ?? 'ok',
    findings,
    ageDays: 12.7,
    ageEstimated: false,
    fingerprint: { hint: 'cativa_live_…3e4f', sha256: '1a2b3c4d5e6f' },
    locations: [{ label: `file:vault.json#${name}`, role: 'primary', fingerprint: undefined }],
    identity: undefined,
    pendingSince: undefined,
    next: `cativa-keys rotate '${name}'`,
    ...extra,
  };
}

function report(keys: KeyReport[]): AuditReport {
  const summary = Object.fromEntries(AUDIT_STATUSES.map((s) => [s, 0])) as AuditReport['summary'];
  return { generatedAt: NOW.toISOString(), keys, summary };
}

const options = (over: Partial<DigestOptions> = {}): DigestOptions => ({
  minSeverity: 'info',
  rotationStuckAfterMs: 24 * HOUR,
  pendingSince: () => undefined,
  source: 'lambda',
  id: 'digest-1',
  ...over,
});

describe('Function: buildAuditDigest', () => {
  it('groups keys by severity with stale, dead and wrong-tenant first', () => {
    const digest = buildAuditDigest(
      report([
        key('due', [{ status: 'due', message: '80 days old' }]),
        key('drift', [{ status: 'drift', message: 'copies differ' }]),
        key('wrong', [{ status: 'wrong-tenant', message: 'other tenant' }]),
        key('dead', [{ status: 'dead', message: '401' }]),
        key('stale', [{ status: 'stale', message: '131 days old' }]),
        key('fine', []),
      ]),
      options(),
    );
    expect(digest?.groups.map((g) => [g.severity, g.items.map((i) => i.key)])).toEqual([
      ['critical', ['stale', 'dead', 'wrong']],
      ['warning', ['drift']],
      ['info', ['due']],
    ]);
    expect(digest?.counts).toEqual({ critical: 3, warning: 1, info: 1 });
    expect(digest?.title).toBe(
      'cativa-keys: 5 keys need attention (3 critical, 1 warning, 1 info)',
    );
    expect(digest?.keysAudited).toBe(6);
  });

  it('gives each item its name, tenant, whole-day age, locations and fix command', () => {
    const digest = buildAuditDigest(
      report([key('stale', [{ status: 'stale', message: 'old' }])]),
      options(),
    );
    expect(digest?.groups[0]?.items[0]).toEqual({
      key: 'stale',
      tenant: 'Acme Robotics',
      status: 'stale',
      severity: 'critical',
      ageDays: 12,
      ageEstimated: false,
      fingerprint: 'cativa_live_…3e4f',
      locations: ['file:vault.json#stale'],
      findings: [{ status: 'stale', message: 'old' }],
      fix: "cativa-keys rotate 'stale'",
    });
  });

  it('cuts fingerprint hashes out of messages: at most the last 4 characters of a key', () => {
    const digest = buildAuditDigest(
      report([
        key('drift', [
          {
            status: 'drift',
            message:
              'holds cativa_live_…aaaa (sha256:0123456789ab) but the primary holds cativa_live_…3e4f (sha256:1a2b3c4d5e6f)',
          },
        ]),
      ]),
      options(),
    );
    expect(JSON.stringify(digest)).not.toContain('sha256');
    expect(digest?.groups[0]?.items[0]?.findings[0]?.message).toBe(
      'holds cativa_live_…aaaa but the primary holds cativa_live_…3e4f',
    );
  });

  it('returns nothing when no finding reaches the minimum severity', () => {
    const keys = report([key('due', [{ status: 'due', message: '80 days' }]), key('ok', [])]);
    expect(buildAuditDigest(keys, options({ minSeverity: 'warning' }))).toBeUndefined();
    expect(buildAuditDigest(report([key('ok', [])]), options())).toBeUndefined();
  });

  it('keeps only the findings at or above the minimum severity within a key', () => {
    const digest = buildAuditDigest(
      report([
        key('both', [
          { status: 'stale', message: 'old' },
          { status: 'drift', message: 'copies differ' },
        ]),
      ]),
      options({ minSeverity: 'critical' }),
    );
    expect(digest?.groups[0]?.items[0]?.findings.map((f) => f.status)).toEqual(['stale']);
  });

  describe('a pending rotation', () => {
    const pending = report([
      key('Reporting', [{ status: 'rotation-pending', message: 'a new key is staged' }]),
    ]);

    it('is left out while younger than the limit', () => {
      const since = new Date(NOW.getTime() - 24 * HOUR + 1);
      expect(buildAuditDigest(pending, options({ pendingSince: () => since }))).toBeUndefined();
    });

    it('is a stuck rotation (warning) from the limit on', () => {
      const since = new Date(NOW.getTime() - 24 * HOUR);
      const item = buildAuditDigest(pending, options({ pendingSince: () => since }))?.groups[0]
        ?.items[0];
      expect(item).toMatchObject({ status: 'rotation-stuck', severity: 'warning' });
      expect(item?.findings[0]?.message).toBe(
        'a new key is staged; pending for 24 hours (limit 24)',
      );
    });

    it('is a heads-up (info) when the vault cannot tell since when', () => {
      const item = buildAuditDigest(pending, options())?.groups[0]?.items[0];
      expect(item).toMatchObject({ status: 'rotation-pending', severity: 'info' });
    });
  });
});
