import { appendFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { type Receiver, startReceiver } from '../support/receiver.js';
import {
  createRotationBench,
  expectNoSecrets,
  KEY_NAME,
  type RotationBench,
} from '../support/rotation-bench.js';

describe('CLI: cativa-keys rotate, when the new key is refused', () => {
  let bench: RotationBench;
  let receiver: Receiver;

  beforeAll(async () => {
    bench = await createRotationBench({ retries: 0 });
    receiver = await startReceiver();
    await appendFile(
      bench.configPath,
      [
        'alerts:',
        '  retries: 0',
        '  channels:',
        '    - { type: webhook, name: team-hook, urlEnv: CK_HOOK_URL, secretEnv: CK_HOOK_SECRET }',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await receiver?.close();
    await bench?.close();
  });

  it('alerts the configured channels, without the key, and exits with the validation code', async () => {
    const foreign = bench.sim.createKey({ tenant: 'Globex Corporation' }).reveal();
    const result = await bench.cli(['rotate', KEY_NAME, '--new-key-env', 'NEW_KEY', '--yes'], {
      env: {
        NEW_KEY: foreign,
        CK_HOOK_URL: `${receiver.url}/alerts`,
        CK_HOOK_SECRET: 's'.repeat(40),
      },
    });
    expect(result.code).toBe(ExitCode.wrongTenant);
    expect(result.stderr).toContain('alert sent: team-hook');
    expect(receiver.requests).toHaveLength(1);
    const body = JSON.parse(receiver.requests[0]?.body ?? '{}') as { type: string; title: string };
    expect(body).toMatchObject({
      type: 'cativa-keys.rotation.failure',
      title: `cativa-keys: rotation of '${KEY_NAME}' failed at promote`,
    });
    expectNoSecrets(receiver.requests[0]?.body ?? '', [...bench.canaries(), foreign]);
    expectNoSecrets(result.stdout + result.stderr, [...bench.canaries(), foreign]);
    expect(result.stderr).not.toContain(receiver.url);
  });
});
