import { describe, expect, it } from 'vitest';
import { sanitizeText } from '../../src/alerts/sanitize.js';
import { VaultError } from '../../src/errors.js';
import { createLogReplacer, loggedError } from '../../src/lambda/log-redaction.js';
import { Secret } from '../../src/secret.js';

const KEY = 'cativa_live_0123456789abcdef0123456789ab3e4f';

describe('Function: sanitizeText', () => {
  it('removes keys, session tokens, bearer credentials and fingerprint hashes', () => {
    const text = sanitizeText(
      `key ${KEY} (sha256:1a2b3c4d5e6f) token simAccessToken.abc_DEF-1 refresh simRefreshToken.xyz ` +
        'Authorization: Bearer abc.def jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
    );
    expect(text).toBe(
      'key [redacted] token [redacted] refresh [redacted] Authorization: Bearer [redacted] jwt [redacted]',
    );
  });

  it('keeps only the origin of URLs, whose paths and queries carry webhook credentials', () => {
    expect(sanitizeText('POST https://hooks.slack.com/services/T0/B0/xyz failed')).toBe(
      'POST https://hooks.slack.com/… failed',
    );
    expect(sanitizeText('GET http://127.0.0.1:8080/?token=abc')).toBe(
      'GET http://127.0.0.1:8080/…',
    );
    expect(sanitizeText('see https://apis.cativalab.digital')).toBe(
      'see https://apis.cativalab.digital',
    );
  });

  it('removes known secret values wherever they appear', () => {
    const hmac = new Secret('whsec-0123456789abcdef');
    expect(sanitizeText('bad secret whsec-0123456789abcdef!', [hmac])).toBe(
      'bad secret [redacted]!',
    );
  });
});

describe('Function: createLogReplacer', () => {
  it('cleans every string and turns errors into code, message and traceId', () => {
    const url = new Secret('https://hooks.example.com/x/y/z');
    // One of ours (its message is cleaned and kept) caused by a foreign error (name only).
    const error = Object.assign(
      new VaultError('file:v.json#k', `failed for ${KEY}`, {
        cause: new SyntaxError(`Unexpected token in "${url.reveal()}"`),
      }),
      { traceId: '0HABC:00000001' },
    );
    const line = JSON.stringify(
      { message: `posting to ${url.reveal()}`, error, key: new Secret(KEY) },
      createLogReplacer(() => [url]),
    );
    expect(JSON.parse(line)).toEqual({
      message: 'posting to [redacted]',
      error: {
        name: 'VaultError',
        code: 'VAULT_ERROR',
        message: 'file:v.json#k: failed for [redacted]',
        traceId: '0HABC:00000001',
        retryable: false,
        cause: { name: 'SyntaxError', message: 'unexpected SyntaxError' },
      },
      key: '[redacted]',
    });
  });

  it('follows causes a few levels only', () => {
    let error = new Error('root');
    for (let i = 0; i < 10; i += 1) error = new Error(`level ${i}`, { cause: error });
    let depth = 0;
    for (let e = loggedError(error); e.cause; e = e.cause) depth += 1;
    expect(depth).toBe(4);
  });
});
