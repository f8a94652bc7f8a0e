import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SeedEntry } from '../../providers/file/seed.js';
import { seedFileVault } from '../../providers/file/seed.js';
import type { CativaSimulator } from '../cativa/simulator-types.js';
import { type Clock, DAY_MS } from '../clock.js';

/** One key of the demo: what it is meant to show. */
export interface DemoKey {
  readonly name: string;
  readonly tenant: string;
  /** The status the audit should give it. */
  readonly expected: string;
  /** Why, in one line. */
  readonly story: string;
}

/** The demo's files, ready for `cativa-keys audit --config`. */
export interface DemoFiles {
  readonly configPath: string;
  readonly vaultPath: string;
  readonly keys: readonly DemoKey[];
}

const TENANT = 'Acme Robotics';
const OTHER_TENANT = 'Globex Corporation';

/**
 * Seeds a simulator and a file vault with keys that each show one audit status: fresh, due,
 * stale, revoked, without permission, of the wrong tenant, drifted copies, a staged rotation and
 * an old key not revoked after promotion. Writes a config next to the vault.
 */
export async function seedDemo(
  sim: CativaSimulator,
  dir: string,
  clock: Clock,
): Promise<DemoFiles> {
  const now = clock.now().getTime();
  const ago = (days: number) => new Date(now - days * DAY_MS);
  const key = (name: string, opts: { tenant?: string; permission?: boolean } = {}) =>
    sim.createKey({ tenant: opts.tenant ?? TENANT, name, permission: opts.permission ?? true });

  const entries: Record<string, SeedEntry> = {};
  const keys: DemoKey[] = [];
  const locations: Record<string, string[]> = {};
  const add = (demo: DemoKey, primary: SeedEntry, replicas: Record<string, SeedEntry> = {}) => {
    const slug = demo.name.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-');
    entries[slug] = primary;
    locations[demo.name] = [slug];
    for (const [suffix, entry] of Object.entries(replicas)) {
      entries[`${slug}-${suffix}`] = entry;
      locations[demo.name]?.push(`${slug}-${suffix}`);
    }
    keys.push(demo);
  };
  const at = (days: number, secret = key('unused')) => ({ secret, storedAt: ago(days) });

  const fresh = key('Sync HubSpot prod');
  add(
    {
      name: 'Sync HubSpot prod',
      tenant: TENANT,
      expected: 'ok',
      story: '12 days old, valid, both copies agree',
    },
    { current: at(12, fresh) },
    { ci: { current: at(12, fresh) } },
  );
  add(
    {
      name: 'CI build',
      tenant: TENANT,
      expected: 'due',
      story: '80 days old: rotate within 10 days',
    },
    { current: at(80, key('CI build')) },
  );
  add(
    {
      name: 'Migration 2026-Q2',
      tenant: TENANT,
      expected: 'stale',
      story: '131 days old, past the 90-day limit',
    },
    { current: at(131, key('Migration 2026-Q2')) },
  );
  const revoked = key('Billing export');
  sim.revokeKey(revoked);
  add(
    {
      name: 'Billing export',
      tenant: TENANT,
      expected: 'dead',
      story: 'revoked in the Console: Cativa answers 401',
    },
    { current: at(30, revoked) },
  );
  add(
    {
      name: 'Analytics reader',
      tenant: TENANT,
      expected: 'forbidden',
      story: 'valid but without permission: 403',
    },
    { current: at(20, key('Analytics reader', { permission: false })) },
  );
  add(
    {
      name: 'Partner sync',
      tenant: TENANT,
      expected: 'wrong-tenant',
      story: "a Globex key stored where Acme's belongs",
    },
    { current: at(5, key('Partner sync', { tenant: OTHER_TENANT })) },
  );
  const support = key('Support bot');
  add(
    {
      name: 'Support bot',
      tenant: TENANT,
      expected: 'drift',
      story: 'the replica still holds an older key',
    },
    { current: at(15, support) },
    { replica: { current: at(100, key('Support bot (old)')) } },
  );
  add(
    {
      name: 'Reporting',
      tenant: TENANT,
      expected: 'rotation-pending',
      story: 'a new key was staged but never promoted',
    },
    { current: at(40, key('Reporting')), pending: at(1, key('Reporting 2026-12')) },
  );
  add(
    {
      name: 'Webhooks prod',
      tenant: TENANT,
      expected: 'retire-overdue',
      story: 'promoted 10 days ago; the old key still works',
    },
    {
      current: at(10, key('Webhooks prod 2026-11')),
      previous: at(100, key('Webhooks prod')),
      promotedAt: ago(10),
    },
  );

  const vaultPath = join(dir, 'cativa-keys.vault.json');
  await seedFileVault(vaultPath, entries);
  const config = {
    cativa: { baseUrl: sim.url, timeoutMs: 5000, retries: 2 },
    providers: { file: { path: 'cativa-keys.vault.json' } },
    keys: keys.map((k) => ({
      name: k.name,
      tenant: k.tenant,
      locations: (locations[k.name] ?? []).map((entry) => ({ provider: 'file', entry })),
    })),
  };
  const configPath = join(dir, 'cativa-keys.yaml');
  await writeFile(
    configPath,
    `# Written by 'cativa-keys demo': a Cativa simulator stands in for ${'https://apis.cativalab.digital'}\n${stringify(config)}`,
    { mode: 0o600 },
  );
  return { configPath, vaultPath, keys };
}
