import { version } from '../../src/cli/version.js';
import { VaultError } from '../../src/errors.js';
import { Secret } from '../../src/secret.js';
import type { ProviderDeps } from '../types.js';
import type { OnePasswordSettings } from './config.js';
import { mapSdkError } from './errors.js';
import type { OnePasswordPort } from './port.js';

/** How the tool introduces itself to 1Password (shown in the account's activity log). */
export const INTEGRATION_NAME = 'cativa-keys';

/** Builds the port on first use; the provider calls it once and keeps the promise. */
export type PortFactory = () => Promise<OnePasswordPort>;

/**
 * The production port: the real SDK client, authenticated with the service account token read
 * from `deps.env[settings.tokenEnv]`. The SDK (and its 14 MB WASM core) is imported here, on the
 * first call, and only after the token was found: a process that never touches a 1Password
 * location never loads it.
 */
export function sdkPortFactory(settings: OnePasswordSettings, deps: ProviderDeps): PortFactory {
  return async () => {
    const label = `onepassword (token from $${settings.tokenEnv})`;
    const raw = deps.env[settings.tokenEnv];
    if (!raw) {
      throw new VaultError(
        label,
        `$${settings.tokenEnv} is not set: give it a service account token`,
        {
          code: 'ONEPASSWORD_NO_TOKEN',
        },
      );
    }
    const token = new Secret(raw);
    let sdk: typeof import('@1password/sdk');
    try {
      sdk = await import('@1password/sdk');
    } catch (error) {
      throw new VaultError(label, 'cannot load @1password/sdk; is it installed (or bundled)?', {
        cause: error,
        code: 'ONEPASSWORD_SDK_MISSING',
      });
    }
    try {
      return await sdk.createClient({
        auth: token.reveal(),
        integrationName: INTEGRATION_NAME,
        integrationVersion: version(),
      });
    } catch (error) {
      throw mapSdkError(label, 'sign-in', error);
    }
  };
}
