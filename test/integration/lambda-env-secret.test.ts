import { describe, expect, it } from 'vitest';
import { ENV_SECRET_ENV, EnvSecretError, withEnvSecret } from '../../src/lambda/env-secret.js';
import { motoClient, motoTestsEnabled, useMoto } from '../support/moto.js';

describe.runIf(motoTestsEnabled())('Function: withEnvSecret (moto Secrets Manager)', () => {
  const moto = useMoto();
  const reader = () => Promise.resolve(motoClient(moto().endpoint));

  it('adds the secret’s variables and lets variables already set win', async () => {
    await motoClient(moto().endpoint).createSecret({
      Name: 'cativa-keys/test/env',
      SecretString: JSON.stringify({
        CK_SLACK_URL: 'https://hooks.slack.com/services/T0/B0/fromSecret',
        CK_REGION: 'from-secret',
      }),
    });
    const env = await withEnvSecret(
      { [ENV_SECRET_ENV]: 'cativa-keys/test/env', CK_REGION: 'from-env' },
      reader,
    );
    expect(env.CK_SLACK_URL).toBe('https://hooks.slack.com/services/T0/B0/fromSecret');
    expect(env.CK_REGION).toBe('from-env');
  });

  it('refuses a secret that is not a JSON object of strings, without quoting it', async () => {
    await motoClient(moto().endpoint).createSecret({
      Name: 'cativa-keys/test/bad',
      SecretString: 'hooks.slack.com/services/T0/B0/notJson',
    });
    const failure = withEnvSecret({ [ENV_SECRET_ENV]: 'cativa-keys/test/bad' }, reader);
    await expect(failure).rejects.toBeInstanceOf(EnvSecretError);
    await expect(failure).rejects.not.toThrow(/notJson/);
  });

  it('names the secret it cannot find', async () => {
    await expect(
      withEnvSecret({ [ENV_SECRET_ENV]: 'cativa-keys/test/absent' }, reader),
    ).rejects.toThrow(/cativa-keys\/test\/absent could not be read \(ResourceNotFoundException\)/);
  });
});

describe('Function: withEnvSecret without a secret id', () => {
  it('reads nothing and returns the environment unchanged', async () => {
    const env = { A: '1' };
    const reader = () => Promise.reject(new Error('must not be called'));
    expect(await withEnvSecret(env, reader)).toBe(env);
  });
});
