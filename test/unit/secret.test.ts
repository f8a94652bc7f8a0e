import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  fingerprintOf,
  formatFingerprint,
  REDACTED,
  Secret,
  sameFingerprint,
} from '../../src/secret.js';

const VALUE = 'cativa_live_8c1d4e2a3b5f4d8a9c6e7f0b1a2d3e4f';

describe('Class: Secret', () => {
  const secret = new Secret(VALUE);

  it.each([
    ['String()', () => String(secret)],
    ['a template string', () => `key=${secret}`],
    ['string concatenation', () => `key=${secret}`.concat(String(secret))],
    ['JSON.stringify', () => JSON.stringify({ nested: { secret } })],
    ['util.inspect', () => inspect({ secret }, { depth: 5, showHidden: true })],
    ['an error message', () => new Error(`failed for ${secret}`).message],
    ['an error cause inspected', () => inspect(new Error('x', { cause: secret }))],
  ])('never shows the value through %s', (_how, render) => {
    const text = render();
    expect(text).not.toContain(VALUE);
    expect(text).not.toContain('8c1d4e2a');
    expect(text).toContain(REDACTED);
  });

  it('gives the value only through reveal()', () => {
    expect(secret.reveal()).toBe(VALUE);
  });

  it('compares values without revealing them', () => {
    expect(secret.equals(new Secret(VALUE))).toBe(true);
    expect(secret.equals(new Secret(VALUE.replace('4f', '40')))).toBe(false);
  });

  it('keeps the value out of own enumerable properties', () => {
    expect(Object.keys(secret)).toEqual([]);
    expect(Object.values(secret).join('')).not.toContain(VALUE);
  });
});

describe('Function: fingerprintOf', () => {
  it('shows the prefix and the last four characters', () => {
    expect(fingerprintOf(new Secret(VALUE)).hint).toBe('cativa_live_…3e4f');
  });

  it('gives a short SHA-256 prefix that tells copies apart', () => {
    const a = fingerprintOf(new Secret(VALUE));
    const b = fingerprintOf(new Secret(VALUE.replace('8c1d', '8c1e')));
    expect(a.sha256).toMatch(/^[0-9a-f]{12}$/);
    expect(a.hint).toBe(b.hint);
    expect(sameFingerprint(a, b)).toBe(false);
    expect(sameFingerprint(a, fingerprintOf(new Secret(VALUE)))).toBe(true);
  });

  it('hides the tail of short values', () => {
    expect(fingerprintOf(new Secret('abc')).hint).toBe('…????');
  });

  it('formats as hint and hash on one line', () => {
    expect(formatFingerprint(fingerprintOf(new Secret(VALUE)))).toMatch(
      /^cativa_live_…3e4f \(sha256:[0-9a-f]{12}\)$/,
    );
  });
});
