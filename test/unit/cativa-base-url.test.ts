import { describe, expect, it } from 'vitest';
import { authMeUrl, checkBaseUrl, isLoopbackHost } from '../../src/cativa/base-url.js';
import { createCativaClient } from '../../src/cativa/client.js';
import { CativaConfigError } from '../../src/cativa/errors.js';
import { ExitCode } from '../../src/errors.js';

describe('Function: createCativaClient', () => {
  describe('base URL rule', () => {
    it.each([
      'https://apis.cativalab.digital',
      'http://127.0.0.1:8080',
      'http://127.8.9.10:8080',
      'http://localhost:8080',
      'http://[::1]:8080',
    ])('accepts %s', (baseUrl) => {
      expect(() => createCativaClient({ baseUrl })).not.toThrow();
    });

    it('refuses plain http to a remote host, naming the host and exit code 2', () => {
      const error = catchError(() => createCativaClient({ baseUrl: 'http://example.com' }));
      expect(error).toBeInstanceOf(CativaConfigError);
      expect(error).toMatchObject({ code: 'CATIVA_CONFIG_INVALID', exitCode: ExitCode.usage });
      expect((error as Error).message).toContain('example.com');
    });

    it.each([
      'http://127.0.0.1.example.com',
      'http://localhost.example.com',
      'http://10.0.0.1',
      'ftp://127.0.0.1',
    ])('refuses %s', (baseUrl) => {
      expect(() => createCativaClient({ baseUrl })).toThrow(CativaConfigError);
    });

    it('refuses a URL with credentials without repeating them', () => {
      const error = catchError(() =>
        createCativaClient({ baseUrl: 'https://user:hunter2@apis.cativalab.digital' }),
      );
      expect(error).toBeInstanceOf(CativaConfigError);
      expect((error as Error).message).not.toContain('hunter2');
    });

    it('refuses something that is not a URL', () => {
      expect(() => createCativaClient({ baseUrl: 'apis.cativalab.digital' })).toThrow(
        CativaConfigError,
      );
    });

    it('refuses out-of-range numbers', () => {
      expect(() => createCativaClient({ baseUrl: 'http://127.0.0.1', retries: -1 })).toThrow(
        /retries/,
      );
      expect(() => createCativaClient({ baseUrl: 'http://127.0.0.1', timeoutMs: 0 })).toThrow(
        /timeoutMs/,
      );
    });
  });
});

describe('Function: authMeUrl', () => {
  it('appends the endpoint, keeping a path prefix and dropping trailing slashes', () => {
    expect(authMeUrl(checkBaseUrl('https://apis.cativalab.digital/'))).toBe(
      'https://apis.cativalab.digital/social/v1/auth/me',
    );
    expect(authMeUrl(checkBaseUrl('http://127.0.0.1:9/prefix/'))).toBe(
      'http://127.0.0.1:9/prefix/social/v1/auth/me',
    );
  });
});

describe('Function: isLoopbackHost', () => {
  it('knows loopback names and addresses', () => {
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('127.example.com')).toBe(false);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
