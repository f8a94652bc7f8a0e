import { VaultError } from '../../src/errors.js';
import { Secret } from '../../src/secret.js';
import type { AwsLocation } from './config.js';
import { AwsErrorCode } from './errors.js';
import { parseObject, withField } from './json-field.js';

/**
 * What one secret version holds for a location:
 * - `key`: the key (the whole `SecretString`, or the location's field of it);
 * - `foreign`: a value, but none this location can use (a JSON secret without the field);
 * - `empty`: no value at all (a version AWS created for a rotation that never got one).
 */
export type VersionContent =
  | { readonly kind: 'key'; readonly secret: Secret }
  | { readonly kind: 'foreign' }
  | { readonly kind: 'empty' };

function badValue(label: string, what: string): VaultError {
  return new VaultError(label, what, { code: AwsErrorCode.badValue });
}

/**
 * Reads a location's key out of a version's `SecretString`. Throws `VaultError` (`AWS_BAD_VALUE`)
 * when the version holds something the tool cannot read: a binary secret, a field location whose
 * secret is not a JSON object, or a field that is not a string. Messages never quote the value.
 */
export function contentOf(
  location: AwsLocation,
  label: string,
  version: { secretString: string | undefined; binary: boolean },
): VersionContent {
  if (version.secretString === undefined) {
    if (version.binary) throw badValue(label, 'the secret holds binary data, not a key');
    return { kind: 'empty' };
  }
  if (location.field === undefined) {
    return version.secretString === ''
      ? { kind: 'empty' }
      : { kind: 'key', secret: new Secret(version.secretString) };
  }
  const parsed = parseObject(version.secretString);
  if (!parsed.ok) {
    throw badValue(label, `field '${location.field}' is set, but the secret is not a JSON object`);
  }
  const value = parsed.value[location.field];
  if (value === undefined) return { kind: 'foreign' };
  if (typeof value !== 'string' || value === '') {
    throw badValue(label, `field '${location.field}' holds no string`);
  }
  return { kind: 'key', secret: new Secret(value) };
}

/**
 * The `SecretString` to write so that the location holds `key`: the key itself, or `base` (the
 * current version's text, kept byte for byte) with the field set.
 */
export function composeValue(
  location: AwsLocation,
  label: string,
  base: string | undefined,
  key: Secret,
): string {
  if (location.field === undefined) return key.reveal();
  if (base !== undefined && base !== '' && !parseObject(base).ok) {
    throw badValue(label, `field '${location.field}' is set, but the secret is not a JSON object`);
  }
  return withField(base === '' ? undefined : base, location.field, key.reveal());
}
