import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../secret.js';

/** Unix time of the delivery, in seconds, as a decimal string. */
export const TIMESTAMP_HEADER = 'x-cativa-keys-timestamp';
/** `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` with the shared secret. */
export const SIGNATURE_HEADER = 'x-cativa-keys-signature';
/** The digest's `id`; the same on every retry of one alert, so receivers can drop duplicates. */
export const DELIVERY_HEADER = 'x-cativa-keys-delivery';
/** The signature scheme's version prefix. */
export const SIGNATURE_VERSION = 'v1';
/** Shortest HMAC secret accepted, in characters. */
export const MIN_SECRET_LENGTH = 32;
/** Default age limit of a delivery a receiver accepts, in seconds. */
export const DEFAULT_TOLERANCE_S = 300;

function hmacHex(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** Signs a webhook body: the value of {@link SIGNATURE_HEADER}. */
export function signWebhook(secret: Secret, timestampS: number, body: string): string {
  return `${SIGNATURE_VERSION}=${hmacHex(secret.reveal(), String(timestampS), body)}`;
}

/** What a receiver has in hand to verify a delivery. */
export interface WebhookVerification {
  /** The shared secret, as the receiver stores it. */
  readonly secret: string;
  /** The raw request body, exactly as received (before any JSON parsing). */
  readonly body: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  /** The receiver's current time. */
  readonly now: Date;
  /** Age limit of a delivery, in seconds (either direction, for clock skew). Default 300. */
  readonly toleranceS?: number;
}

/**
 * Verifies a delivery the way receivers should: the timestamp is recent (replays are refused)
 * and the signature matches, compared in constant time.
 */
export function verifyWebhook(v: WebhookVerification): boolean {
  if (!v.timestamp || !/^\d{1,12}$/.test(v.timestamp) || !v.signature) return false;
  const ageS = Math.abs(v.now.getTime() / 1000 - Number(v.timestamp));
  if (ageS > (v.toleranceS ?? DEFAULT_TOLERANCE_S)) return false;
  const expected = Buffer.from(
    `${SIGNATURE_VERSION}=${hmacHex(v.secret, v.timestamp, v.body)}`,
    'utf8',
  );
  const given = Buffer.from(v.signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
