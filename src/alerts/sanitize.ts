import { REDACTED, type Secret } from '../secret.js';

/** The ` (sha256:1a2b3c4d5e6f)` part of a formatted fingerprint: alerts show the last 4 only. */
const FINGERPRINT_HASH = /\s*\(sha256:[0-9a-f]+\)/g;
/** A whole Cativa key, should one ever reach a message (it never should). */
const CATIVA_KEY = /cativa_[a-z]+_[0-9A-Za-z]{8,}/g;
/** JWT-shaped session tokens, the simulator's session tokens, and bearer credentials. */
const TOKENS = [
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  /sim(?:Access|Refresh)Token\.[^\s"'`,;)}\]]*/g,
  /(Bearer\s+)[^\s"']+/gi,
];
/** URLs: a webhook URL carries its credential in the path or query, so only the origin stays. */
const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>`]+/g;

function originOnly(url: string): string {
  try {
    const parsed = new URL(url);
    const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`;
    return rest === '' || rest === '/' ? parsed.origin : `${parsed.origin}/…`;
  } catch {
    return REDACTED;
  }
}

/**
 * Makes a text fit for an alert or a log line: removes fingerprint hashes (alerts show at most
 * the last 4 characters of a key), whole keys, session and bearer tokens, the paths and queries
 * of URLs, and every value in `known` (webhook URLs and HMAC secrets read from the environment).
 */
export function sanitizeText(text: string, known: readonly Secret[] = []): string {
  let out = text;
  for (const secret of known) {
    const value = secret.reveal();
    if (value.length >= 8) out = out.replaceAll(value, REDACTED);
  }
  out = out.replace(URL_PATTERN, originOnly);
  out = out.replace(FINGERPRINT_HASH, '');
  out = out.replace(CATIVA_KEY, REDACTED);
  for (const pattern of TOKENS) {
    out = out.replace(pattern, (_match, bearer: unknown) =>
      typeof bearer === 'string' ? `${bearer}${REDACTED}` : REDACTED,
    );
  }
  return out;
}
