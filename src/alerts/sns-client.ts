import type { SnsPort } from './sns-channel.js';

/**
 * The real SNS client of a region, loaded on first use so that runs without an SNS channel never
 * load the SDK. The SDK's own retries are off (`maxAttempts: 1`): the dispatcher retries every
 * channel the same bounded way. Endpoint and credentials come from the SDK's default chain
 * (`AWS_ENDPOINT_URL_SNS` points it at an emulator).
 */
export async function createSnsClient(region: string | undefined): Promise<SnsPort> {
  const { SNS } = await import('@aws-sdk/client-sns');
  return new SNS({ maxAttempts: 1, ...(region ? { region } : {}) });
}
