import { createHash } from 'node:crypto';
import type { AwsLocation } from './config.js';

/** The writes that create a secret version, each with its own token space. */
export type VersionWrite = 'stage' | 'current' | 'promote';

/**
 * The `ClientRequestToken` (the new version's id) of a write: derived from the rotation id, the
 * write and the location, so a retried write reuses it (AWS then ignores the repeat) and a
 * different value under the same token is refused by AWS (`ResourceExistsException`). 43
 * characters, within AWS's 32-64.
 */
export function versionToken(
  rotationId: string,
  write: VersionWrite,
  location: AwsLocation,
): string {
  const hash = createHash('sha256')
    .update([rotationId, write, location.secretId, location.field ?? ''].join('\u0000'))
    .digest('hex');
  return `ck-${write.charAt(0)}-${hash.slice(0, 38)}`;
}
