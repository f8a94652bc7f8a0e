import { DopplerSDK } from '@dopplerhq/node-sdk';
import type { Secret } from '../../src/secret.js';
import type { SdkHttpClient } from './transport.js';

/**
 * The narrow port of the Doppler SDK the provider calls: four methods of two services. The real
 * SDK satisfies it (checked at compile time by {@link createDopplerSdkClient}); tests may pass
 * anything else that does.
 */
export interface DopplerClient {
  readonly secrets: Pick<DopplerSDK['secrets'], 'list' | 'update'>;
  readonly configLogs: Pick<DopplerSDK['configLogs'], 'list' | 'get'>;
}

/** What {@link createDopplerSdkClient} needs. */
export interface DopplerSdkClientOptions {
  /** The Doppler token; revealed once, into the SDK. */
  readonly token: Secret;
  /** Base URL of the API, e.g. `https://api.doppler.com`. */
  readonly baseUrl: string;
  /** The transport the SDK's services send their requests with (see `transport.ts`). */
  readonly transport: SdkHttpClient;
}

/**
 * Builds the real SDK client for one token: `setBaseUrl`, then the two services the provider uses
 * get {@link DopplerSdkClientOptions.transport} as their `httpClient` (a public field of the SDK's
 * `BaseService`), so the SDK builds every request and our transport sends it.
 */
export function createDopplerSdkClient(options: DopplerSdkClientOptions): DopplerClient {
  const sdk = new DopplerSDK({ accessToken: options.token.reveal() });
  // The SDK concatenates base URL and path: a trailing slash would double the separator.
  sdk.setBaseUrl(options.baseUrl.replace(/\/+$/, ''));
  for (const service of [sdk.secrets, sdk.configLogs]) {
    if (!('httpClient' in service)) {
      throw new Error(
        '@dopplerhq/node-sdk changed: its services no longer have an httpClient field',
      );
    }
    (service as unknown as { httpClient: SdkHttpClient }).httpClient = options.transport;
  }
  return { secrets: sdk.secrets, configLogs: sdk.configLogs };
}
