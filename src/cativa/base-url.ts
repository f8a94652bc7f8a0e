import { isIPv4 } from 'node:net';
import { CativaConfigError } from './errors.js';

/** The production Cativa API. */
export const DEFAULT_CATIVA_BASE_URL = 'https://apis.cativalab.digital';

/** True for `localhost`, `127.0.0.0/8` and `::1` (as WHATWG URL spells hostnames). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  return isIPv4(host) && host.startsWith('127.');
}

/**
 * Parses and checks a Cativa base URL. The key travels in a header, so it must go over `https:`
 * unless the server is on this machine (the simulator). Errors name the host, never a path or
 * user info, which could hold a credential.
 */
export function checkBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (error) {
    throw new CativaConfigError('the Cativa base URL is not a valid absolute URL', {
      cause: error,
    });
  }
  const host = url.host;
  if (url.username !== '' || url.password !== '') {
    throw new CativaConfigError(`the Cativa base URL for ${host} must not contain credentials`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new CativaConfigError(
      `the Cativa base URL for ${host} must not have a query or fragment`,
    );
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  if (url.protocol === 'http:') {
    throw new CativaConfigError(
      `the Cativa base URL must use https: for ${host}; plain http: is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost)`,
    );
  }
  throw new CativaConfigError(
    `the Cativa base URL for ${host} must use https: (got ${url.protocol.replace(':', '')})`,
  );
}

/** `{baseUrl}/social/v1/auth/me`, keeping any path prefix of the base URL. */
export function authMeUrl(base: URL): string {
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}/social/v1/auth/me`;
}
