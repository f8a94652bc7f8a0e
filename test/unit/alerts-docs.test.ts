import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/alerts/webhook-signature.js';
import { Secret } from '../../src/secret.js';

type Verify = (body: string, headers: Record<string, string>, secret: string) => boolean;

const SECRET = 'whsec-docs-0123456789abcdef0123456789abcdef';

describe('docs/alerts.md: the webhook verification sample', () => {
  let dir: string;
  let verify: Verify;

  beforeAll(async () => {
    const doc = await readFile(new URL('../../docs/alerts.md', import.meta.url), 'utf8');
    const block = /<!-- verify-webhook:start -->\s*```js\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block, 'the sample is between verify-webhook markers').toBeDefined();
    dir = await mkdtemp(join(tmpdir(), 'ck-docs-'));
    const file = join(dir, 'verify.mjs');
    await writeFile(file, block ?? '');
    verify = ((await import(pathToFileURL(file).href)) as { verifyCativaKeysWebhook: Verify })
      .verifyCativaKeysWebhook;
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const signed = (body: string, timestampS: number) => ({
    'x-cativa-keys-timestamp': String(timestampS),
    'x-cativa-keys-signature': signWebhook(new Secret(SECRET), timestampS, body),
  });

  it('accepts what the webhook channel signs, and nothing else', () => {
    const body = '{"type":"cativa-keys.audit.digest","version":1}';
    const now = Math.floor(Date.now() / 1000);
    expect(verify(body, signed(body, now), SECRET)).toBe(true);
    expect(verify(`${body} `, signed(body, now), SECRET)).toBe(false);
    expect(verify(body, signed(body, now), `${SECRET}x`)).toBe(false);
    expect(verify(body, signed(body, now - 3600), SECRET)).toBe(false);
    expect(verify(body, {}, SECRET)).toBe(false);
  });
});
