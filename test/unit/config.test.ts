import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { configJsonSchema, managedKeys } from '../../src/config/schema.js';
import { ConfigError } from '../../src/errors.js';

const minimal = `
keys:
  - name: Sync HubSpot prod
    tenant: acme
    locations:
      - provider: file
        entry: hubspot-prod
`;

function issuesOf(text: string, source = 'cativa-keys.yaml'): string[] {
  try {
    parseConfig(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the config to be refused');
}

describe('Function: parseConfig', () => {
  it('applies the design defaults', () => {
    const config = parseConfig(minimal, 'cativa-keys.yaml');
    expect(config.policy).toEqual({ maxAgeDays: 90, warnAgeDays: 75, retireGraceDays: 7 });
    expect(config.cativa.baseUrl).toBe('https://apis.cativalab.digital');
    expect(config.providers.file.path).toBe('cativa-keys.vault.json');
  });

  it('accepts JSON files', () => {
    const json = JSON.stringify({
      keys: [{ name: 'CI build', tenant: 'acme', locations: [{ provider: 'file', entry: 'ci' }] }],
    });
    expect(parseConfig(json, 'x.json').keys[0]?.name).toBe('CI build');
  });

  it('lists every bad field by path, without values', () => {
    const text = `
cativa:
  baseUrl: not a url
  timeoutMs: -5
policy:
  maxAgeDays: "ninety"
keys:
  - name: ""
    tenant: acme
    locations:
      - provider: file
        entry: "cativa_live_8c1d4e2a3b5f4d8a9c6e7f0b1a2d3e4f has spaces"
  - name: Second
    tenant: acme
    locations: []
    colour: blue
`;
    const issues = issuesOf(text);
    const paths = issues.map((i) => i.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'cativa.baseUrl',
        'cativa.timeoutMs',
        'policy.maxAgeDays',
        'keys[0].name',
        'keys[0].locations[0].entry',
        'keys[1].locations',
        'keys[1]',
      ]),
    );
    const joined = issues.join('\n');
    expect(joined).not.toContain('cativa_live_8c1d');
    expect(joined).not.toContain('not a url');
    expect(joined).not.toContain('ninety');
  });

  it('names an unknown provider', () => {
    const issues = issuesOf(minimal.replace('provider: file', 'provider: vaultz'));
    expect(issues.join('\n')).toMatch(/keys\[0\]\.locations\[0\]\.provider/);
  });

  it('refuses warnAgeDays above maxAgeDays', () => {
    const issues = issuesOf(`policy: { maxAgeDays: 30, warnAgeDays: 40 }\n${minimal}`);
    expect(issues).toEqual(['policy.warnAgeDays: must be at most maxAgeDays (30)']);
  });

  it('refuses duplicate key names and duplicate locations', () => {
    const text = `
keys:
  - { name: A, tenant: t, locations: [{ provider: file, entry: a }, { provider: file, entry: a }] }
  - { name: a, tenant: t, locations: [{ provider: file, entry: b }] }
`;
    const issues = issuesOf(text);
    expect(issues).toContain('keys[0].locations[1]: the same location is listed twice');
    expect(issues.some((i) => i.startsWith('keys[1].name: duplicates'))).toBe(true);
  });

  it('reports YAML syntax errors by line without quoting the file', () => {
    const issues = issuesOf('keys:\n  - name: "cativa_live_8c1d4e2a3b5f4d8a9c6e7f0b1a2d3e4f\n');
    expect(issues.join()).toMatch(/not valid YAML .* line \d+/);
    expect(issues.join()).not.toContain('cativa_live_8c1d');
  });

  it('resolves per-key policy over the global one', () => {
    const config = parseConfig(
      `${minimal}    policy: { maxAgeDays: 30, warnAgeDays: 20 }\n`,
      'cativa-keys.yaml',
    );
    expect(managedKeys(config)[0]?.effectivePolicy).toEqual({
      maxAgeDays: 30,
      warnAgeDays: 20,
      retireGraceDays: 7,
    });
  });
});

describe('Function: loadConfig', () => {
  it('takes --config over the env, and the env over the default name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ck-config-'));
    await writeFile(join(dir, 'cativa-keys.yaml'), minimal);
    await writeFile(join(dir, 'env.yaml'), minimal.replace('acme', 'from-env'));
    await writeFile(join(dir, 'flag.yaml'), minimal.replace('acme', 'from-flag'));
    const env = { CATIVA_KEYS_CONFIG: 'env.yaml' };
    expect((await loadConfig({ env: {}, cwd: dir })).config.keys[0]?.tenant).toBe('acme');
    expect((await loadConfig({ env, cwd: dir })).config.keys[0]?.tenant).toBe('from-env');
    const fromFlag = await loadConfig({ flag: 'flag.yaml', env, cwd: dir });
    expect(fromFlag.config.keys[0]?.tenant).toBe('from-flag');
    expect(fromFlag.baseDir).toBe(dir);
  });

  it('says how to get started when no config exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ck-config-'));
    await expect(loadConfig({ env: {}, cwd: dir })).rejects.toThrow(/no config file found/);
  });
});

describe('Function: configJsonSchema', () => {
  it('describes the keys and the file location', () => {
    const schema = JSON.stringify(configJsonSchema());
    expect(schema).toContain('"keys"');
    expect(schema).toContain('"entry"');
    expect(schema).toContain('maxAgeDays');
  });
});
