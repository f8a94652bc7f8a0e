import { describe, expect, it } from 'vitest';
import type { AlertChannel } from '../../src/alerts/channel.js';
import type { AlertDigest } from '../../src/alerts/digest-types.js';
import {
  rotationFailureDigest,
  sendRotationFailureAlert,
} from '../../src/alerts/rotation-failure.js';
import { fixedClock } from '../../src/clock.js';
import { ConflictError } from '../../src/errors.js';

const AT = new Date('2026-12-04T06:00:00.000Z');
const PENDING = { hint: 'cativa_live_…9f00', sha256: 'abcdefabcdef' };

describe('Function: rotationFailureDigest', () => {
  it('is one critical item naming the key, the step and the fix, with the hint only', () => {
    const error = Object.assign(
      new ConflictError(
        'file:vault.json#reporting',
        'new key cativa_live_…9f00 (sha256:abcdefabcdef) belongs to tenant Globex',
      ),
      { traceId: '0HXYZ:00000007' },
    );
    const digest = rotationFailureDigest(
      {
        keyName: 'Reporting',
        tenant: 'Acme Robotics',
        step: 'validate',
        error,
        pending: PENDING,
        locations: ['file:vault.json#reporting'],
        fix: "cativa-keys abort 'Reporting'",
      },
      AT,
    );
    expect(digest).toMatchObject({
      type: 'cativa-keys.rotation.failure',
      title: "cativa-keys: rotation of 'Reporting' failed at validate",
      counts: { critical: 1, warning: 0, info: 0 },
      generatedAt: AT.toISOString(),
    });
    expect(digest.groups[0]?.items[0]).toEqual({
      key: 'Reporting',
      tenant: 'Acme Robotics',
      status: 'rotation-failed',
      severity: 'critical',
      ageDays: undefined,
      ageEstimated: false,
      fingerprint: 'cativa_live_…9f00',
      locations: ['file:vault.json#reporting'],
      findings: [
        {
          status: 'rotation-failed',
          message:
            'validate: file:vault.json#reporting: new key cativa_live_…9f00 belongs to tenant Globex',
          location: 'file:vault.json#reporting',
          traceId: '0HXYZ:00000007',
        },
      ],
      fix: "cativa-keys abort 'Reporting'",
    });
    expect(JSON.stringify(digest)).not.toContain('sha256');
  });

  it('sends a foreign error by its name only and defaults the fix to status', () => {
    const digest = rotationFailureDigest(
      {
        keyName: 'CI build',
        tenant: 'Acme Robotics',
        step: 'promote',
        error: new Error('raw message that could hold anything'),
        locations: [],
      },
      AT,
    );
    const item = digest.groups[0]?.items[0];
    expect(item?.findings[0]?.message).toBe('promote: unexpected Error');
    expect(item?.fix).toBe("cativa-keys status 'CI build'");
  });
});

describe('Function: sendRotationFailureAlert', () => {
  it('sends the failure to every channel and returns their results', async () => {
    const received: AlertDigest[] = [];
    const channel: AlertChannel = {
      name: 'pager',
      type: 'webhook',
      secrets: [],
      send: async (digest) => {
        received.push(digest);
      },
    };
    const results = await sendRotationFailureAlert(
      { keyName: 'K', tenant: 'T', step: 'validate', error: new Error('x'), locations: [] },
      {
        channels: [channel],
        alerts: { retries: 0, retryBaseMs: 0, timeoutMs: 1000 },
        clock: fixedClock(AT),
      },
    );
    expect(results).toEqual([{ channel: 'pager', type: 'webhook', ok: true, attempts: 1 }]);
    expect(received[0]?.source).toBe('rotation');
  });
});
