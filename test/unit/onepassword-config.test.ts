import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { configJsonSchema } from '../../src/config/schema.js';
import { ConfigError } from '../../src/errors.js';

const withLocation = (location: string, providers = '') => `
${providers}
keys:
  - name: Sync HubSpot prod
    tenant: acme
    locations:
      - ${location}
`;

function issuesOf(text: string): string[] {
  try {
    parseConfig(text, 'cativa-keys.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the config to be refused');
}

describe('Config: onepassword', () => {
  it('accepts a 1Password primary and defaults the provider settings', () => {
    const config = parseConfig(
      withLocation(
        '{ provider: onepassword, vault: Integrations, item: Cativa HubSpot, field: credential }',
      ),
      'cativa-keys.yaml',
    );
    expect(config.keys[0]?.locations[0]).toEqual({
      provider: 'onepassword',
      vault: 'Integrations',
      item: 'Cativa HubSpot',
      field: 'credential',
    });
    expect(config.providers.onepassword).toEqual({
      tokenEnv: 'OP_SERVICE_ACCOUNT_TOKEN',
      section: 'cativa-keys: {field}',
      fields: { pending: 'pending', previous: 'previous', state: 'state' },
      rateLimitRetries: 3,
      concurrency: 4,
    });
  });

  it('names the field path of a missing or unknown location property', () => {
    const issues = issuesOf(
      withLocation('{ provider: onepassword, vault: V, item: "", token: x }'),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^keys\[0\]\.locations\[0\]\.item: /),
        expect.stringMatching(/^keys\[0\]\.locations\[0\]\.field: /),
        expect.stringMatching(/^keys\[0\]\.locations\[0\].*token/),
      ]),
    );
  });

  it('refuses slot field titles that collide and a token variable that is not a name', () => {
    const issues = issuesOf(
      withLocation(
        '{ provider: file, entry: e }',
        'providers: { onepassword: { tokenEnv: "op token", fields: { pending: same, previous: same } } }',
      ),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^providers\.onepassword\.tokenEnv: /),
        expect.stringMatching(/^providers\.onepassword\.fields: titles must differ/),
      ]),
    );
  });

  it('describes 1Password locations in the JSON Schema for editors', () => {
    expect(JSON.stringify(configJsonSchema())).toContain('"onepassword"');
  });
});
