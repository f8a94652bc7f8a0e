import { describe, expect, it } from 'vitest';
import { dopplerLocationSchema, dopplerSettingsSchema } from '../../providers/doppler/config.js';
import { configSchema } from '../../src/config/schema.js';

const location = { provider: 'doppler', project: 'backend', config: 'prd', name: 'CATIVA_API_KEY' };

describe('Schema: doppler settings', () => {
  it('defaults every setting', () => {
    expect(dopplerSettingsSchema.parse({})).toMatchObject({
      baseUrl: 'https://api.doppler.com',
      tokenEnv: 'DOPPLER_TOKEN',
      pendingSuffix: '_PENDING',
      previousSuffix: '_PREVIOUS',
      recordSuffix: '_ROTATED_AT',
      timeoutMs: 10_000,
      retries: 3,
    });
  });

  it('refuses plain http except to localhost, and equal suffixes', () => {
    expect(dopplerSettingsSchema.safeParse({ baseUrl: 'http://doppler.internal' }).success).toBe(
      false,
    );
    expect(dopplerSettingsSchema.safeParse({ baseUrl: 'http://127.0.0.1:8080' }).success).toBe(
      true,
    );
    expect(
      dopplerSettingsSchema.safeParse({ pendingSuffix: '_X', previousSuffix: '_X' }).success,
    ).toBe(false);
  });
});

describe('Schema: doppler location', () => {
  it.each([
    ['project', 'backend&config=other'],
    ['config', 'prd#x'],
    ['config', 'prd+1'],
    ['name', 'CATIVA API KEY'],
    ['name', '1KEY'],
    ['name', 'KEY=1'],
  ])('refuses a %s the SDK would mis-encode (%s)', (field, value) => {
    expect(dopplerLocationSchema.safeParse({ ...location, [field]: value }).success).toBe(false);
  });

  it('is part of the config file, with field paths in errors', () => {
    const keys = [{ name: 'k', tenant: 't', locations: [{ ...location, name: 'bad name' }] }];
    const result = configSchema.safeParse({ keys });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['keys.0.locations.0.name']);
    expect(configSchema.safeParse({ keys: [{ ...keys[0], locations: [location] }] }).success).toBe(
      true,
    );
  });
});
