import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../src/alerts/webhook-signature.js';
import { Secret } from '../../src/secret.js';

const SECRET = 'whsec-unit-0123456789abcdef0123456789abcdef';
const BODY = '{"type":"cativa-keys.audit.digest","title":"x"}';
const NOW = new Date('2026-12-04T06:00:00.000Z');
const TS = Math.floor(NOW.getTime() / 1000);

const verify = (over: Partial<Parameters<typeof verifyWebhook>[0]> = {}) =>
  verifyWebhook({
    secret: SECRET,
    body: BODY,
    timestamp: String(TS),
    signature: signWebhook(new Secret(SECRET), TS, BODY),
    now: NOW,
    ...over,
  });

describe('Function: signWebhook / verifyWebhook', () => {
  it('signs v1= plus the hex HMAC-SHA256 of timestamp.body', () => {
    expect(signWebhook(new Secret(SECRET), TS, BODY)).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verify()).toBe(true);
  });

  it('refuses a changed body, another secret, or a changed timestamp', () => {
    expect(verify({ body: BODY.replace('x', 'y') })).toBe(false);
    expect(verify({ secret: `${SECRET}!` })).toBe(false);
    expect(verify({ timestamp: String(TS + 1) })).toBe(false);
  });

  it('refuses a delivery older than the tolerance (replays) and accepts one inside it', () => {
    expect(verify({ now: new Date(NOW.getTime() + 301_000) })).toBe(false);
    expect(verify({ now: new Date(NOW.getTime() + 300_000) })).toBe(true);
    expect(verify({ now: new Date(NOW.getTime() - 301_000) })).toBe(false);
  });

  it('refuses missing or malformed headers', () => {
    expect(verify({ signature: undefined })).toBe(false);
    expect(verify({ timestamp: undefined })).toBe(false);
    expect(verify({ timestamp: '1e9' })).toBe(false);
    expect(verify({ signature: 'v1=abc' })).toBe(false);
  });
});
