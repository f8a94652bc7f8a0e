import { afterAll, beforeAll, describe } from 'vitest';
import {
  createContractEnv,
  type ProviderContractFixture,
  type ProviderContractFixtureFactory,
} from './contract-env.js';
import { describeReplicaCases } from './contract-replica-cases.js';
import { describeSlotCases } from './contract-slot-cases.js';

export type { ProviderContractFixture, ProviderContractFixtureFactory };

/**
 * The behaviour every vault provider must have, through the `VaultProvider` interface only.
 * Call it at the top level of a test file: `describeProviderContract('file', makeFixture)`.
 * The fixture is built once (`beforeAll`) and cleaned up after the suite.
 */
export function describeProviderContract<L>(
  name: string,
  makeFixture: ProviderContractFixtureFactory<L>,
): void {
  describe(`Provider: ${name} (contract)`, () => {
    const env = createContractEnv<L>();
    beforeAll(async () => {
      env.setFixture(await makeFixture());
    });
    afterAll(async () => {
      await env.built()?.cleanup();
    });
    describeReplicaCases(env);
    describeSlotCases(env);
  });
}
