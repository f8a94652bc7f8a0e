import { describe, expect, it } from 'vitest';
import type { AlertChannel } from '../../src/alerts/channel.js';
import type { AlertDigest } from '../../src/alerts/digest-types.js';
import { dispatchAlert } from '../../src/alerts/dispatch.js';
import { AlertDeliveryError } from '../../src/alerts/errors.js';
import { Secret } from '../../src/secret.js';

const DIGEST: AlertDigest = {
  type: 'cativa-keys.audit.digest',
  version: 1,
  id: 'd-1',
  generatedAt: '2026-12-04T06:00:00.000Z',
  source: 'watch',
  title: 'cativa-keys: 1 key needs attention (1 critical)',
  keysAudited: 1,
  counts: { critical: 1, warning: 0, info: 0 },
  groups: [],
};

/** A channel that fails its first `failures` sends with the given error, then succeeds. */
function channel(
  name: string,
  failures: number,
  error: () => unknown,
): AlertChannel & { sent: number } {
  const c = {
    name,
    type: 'webhook' as const,
    secrets: [new Secret('https://hooks.example.com/secret-path-0123456789')],
    sent: 0,
    async send() {
      c.sent += 1;
      if (c.sent <= failures) throw error();
    },
  };
  return c;
}

const retryable = (name: string) => () =>
  new AlertDeliveryError(name, 'the webhook answered 503', { retryable: true, status: 503 });

const options = { retries: 2, retryBaseMs: 0, timeoutMs: 1000 };

describe('Function: dispatchAlert', () => {
  it('retries a retryable failure and reports the attempts it took', async () => {
    const flaky = channel('flaky', 2, retryable('flaky'));
    const [result] = await dispatchAlert(DIGEST, [flaky], options);
    expect(result).toEqual({ channel: 'flaky', type: 'webhook', ok: true, attempts: 3 });
  });

  it('stops after the configured retries and reports the last error', async () => {
    const down = channel('down', 99, retryable('down'));
    const [result] = await dispatchAlert(DIGEST, [down], options);
    expect(down.sent).toBe(3);
    expect(result).toMatchObject({
      ok: false,
      attempts: 3,
      error: {
        code: 'ALERT_DELIVERY_FAILED',
        status: 503,
        message: "alert channel 'down': the webhook answered 503",
      },
    });
  });

  it('does not retry a failure that cannot succeed later', async () => {
    const refused = channel(
      'refused',
      99,
      () =>
        new AlertDeliveryError('refused', 'the webhook answered 403', {
          retryable: false,
          status: 403,
        }),
    );
    const [result] = await dispatchAlert(DIGEST, [refused], options);
    expect(refused.sent).toBe(1);
    expect(result).toMatchObject({ ok: false, attempts: 1 });
  });

  it('delivers to the other channels when one fails', async () => {
    const down = channel('down', 99, retryable('down'));
    const up = channel('up', 0, retryable('up'));
    const results = await dispatchAlert(DIGEST, [down, up], options);
    expect(results.map((r) => [r.channel, r.ok])).toEqual([
      ['down', false],
      ['up', true],
    ]);
    expect(up.sent).toBe(1);
  });

  it('reports a foreign error by its name only, never its message', async () => {
    const buggy = channel(
      'buggy',
      99,
      () => new TypeError('cannot POST https://hooks.example.com/secret-path-0123456789'),
    );
    const [result] = await dispatchAlert(DIGEST, [buggy], options);
    expect(result?.error?.message).toBe("alert channel 'buggy': unexpected TypeError");
    expect(buggy.sent).toBe(1);
  });

  it('tells the observer about each failed attempt', async () => {
    const seen: number[] = [];
    const flaky = channel('flaky', 2, retryable('flaky'));
    await dispatchAlert(DIGEST, [flaky], { ...options, onAttemptFailed: (_c, n) => seen.push(n) });
    expect(seen).toEqual([1, 2]);
  });
});
