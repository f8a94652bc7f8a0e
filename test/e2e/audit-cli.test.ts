import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import {
  SIM_ACCESS_TOKEN_PREFIX,
  SIM_REFRESH_TOKEN_PREFIX,
} from '../../src/cativa/simulator-auth-me.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { systemClock } from '../../src/clock.js';
import { type DemoFiles, seedDemo } from '../../src/demo/scenario.js';
import { type CliResult, runCli } from '../support/cli.js';
import { requireScript, runCliInPty } from '../support/rotation-pty.js';

/** Every key value in a vault file: the canaries that must never be printed. */
async function canaries(vaultPath: string): Promise<string[]> {
  const text = await readFile(vaultPath, 'utf8');
  return [...new Set(text.match(/cativa_live_[0-9a-f]{32}/g) ?? [])];
}

function expectNoSecrets(result: CliResult, keys: readonly string[]): void {
  const output = result.stdout + result.stderr;
  for (const key of keys) {
    expect(output).not.toContain(key);
    // Not even the hex body of a key, in any casing or split.
    expect(output.toLowerCase()).not.toContain(key.slice('cativa_live_'.length, -4));
  }
  expect(output).not.toContain(SIM_ACCESS_TOKEN_PREFIX);
  expect(output).not.toContain(SIM_REFRESH_TOKEN_PREFIX);
}

describe('CLI: cativa-keys audit', () => {
  let sim: CativaSimulator;
  let dir: string;
  let files: DemoFiles;
  let keys: string[];

  beforeAll(async () => {
    sim = await startCativaSimulator();
    dir = await mkdtemp(join(tmpdir(), 'ck-e2e-audit-'));
    files = await seedDemo(sim, dir, systemClock);
    keys = await canaries(files.vaultPath);
    expect(keys.length).toBeGreaterThanOrEqual(files.keys.length);
  });

  afterAll(async () => {
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('classifies every seeded key and exits 1 on findings, without printing a secret', async () => {
    const result = await runCli(['audit', '--json', '--config', files.configPath]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { keys: { name: string; status: string }[] };
    const statuses = Object.fromEntries(report.keys.map((k) => [k.name, k.status]));
    expect(statuses).toEqual(Object.fromEntries(files.keys.map((k) => [k.name, k.expected])));
    expectNoSecrets(result, keys);
  });

  it('prints a table with fingerprints and the command to run next', async () => {
    const result = await runCli(['audit'], { env: { CATIVA_KEYS_CONFIG: files.configPath } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^KEY\s+TENANT\s+AGE\s+STATUS\s+FINGERPRINT\s+LOCATIONS/m);
    expect(result.stdout).toMatch(
      /Migration 2026-Q2\s+Acme Robotics\s+131d\s+stale\s+cativa_live_…[0-9a-f]{4}/,
    );
    expect(result.stdout).toContain("next: cativa-keys rotate 'Migration 2026-Q2'");
    expectNoSecrets(result, keys);
  });

  it('shows a progress line on a terminal, and none when piped', async () => {
    requireScript();
    const tty = await runCliInPty(['audit', '--config', files.configPath], []);
    expect(tty.code).toBe(1);
    expect(tty.screen).toContain(`audited ${files.keys.length}/${files.keys.length} keys`);
    const piped = await runCli(['audit', '--config', files.configPath]);
    expect(piped.stderr).not.toContain('audited');
    expectNoSecrets({ code: tty.code, signal: null, stdout: tty.screen, stderr: '' }, keys);
  });

  it('exits 0 when every key is ok', async () => {
    const config = join(dir, 'ok-only.yaml');
    const text = await readFile(files.configPath, 'utf8');
    const okOnly = text.split('\n  - name: ').slice(0, 2).join('\n  - name: ');
    await writeFile(config, `${okOnly}\n`);
    const result = await runCli(['audit', '--config', config]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 key(s) audited: 1 ok');
  });

  it('refuses a key anywhere on the command line without echoing it', async () => {
    const key = keys[0] ?? '';
    for (const args of [
      [key],
      ['audit', `--foo=${key}`],
      ['--config', key, 'status', 'x'],
      [`-c${key}`, 'audit'],
      ['audit', '--concurrency', key],
    ]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('looks like a Cativa key');
      expectNoSecrets(result, keys);
    }
  });

  it('exits 2 and names the field when the config is invalid', async () => {
    const config = join(dir, 'bad.yaml');
    await writeFile(config, 'keys:\n  - name: x\n    tenant: 42\n    locations: []\n');
    const result = await runCli(['audit', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('keys[0].tenant');
    expect(result.stderr).toContain('keys[0].locations');
    expect(result.stdout).toBe('');
  });

  it('reports an unreachable Cativa as a finding and keeps auditing', async () => {
    const config = join(dir, 'no-cativa.yaml');
    const text = await readFile(files.configPath, 'utf8');
    await writeFile(
      config,
      text
        .replace(/baseUrl: .*/, 'baseUrl: http://127.0.0.1:9')
        .replace(/retries: \d+/, 'retries: 0'),
    );
    const result = await runCli(['audit', '--json', '--config', config]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { keys: { status: string }[] };
    expect(report.keys).toHaveLength(files.keys.length);
    expect(report.keys.every((k) => k.status === 'unreachable')).toBe(true);
    expectNoSecrets(result, keys);
  });
});

describe('CLI: cativa-keys demo', () => {
  it('shows every audit status without printing a secret', async () => {
    const result = await runCli(['demo']);
    expect(result.code).toBe(0);
    for (const status of [
      'ok',
      'due',
      'stale',
      'dead',
      'forbidden',
      'wrong-tenant',
      'drift',
      'rotation-pending',
      'retire-overdue',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`\\s${status}\\s+cativa_live_…`));
    }
    expect(result.stdout).not.toMatch(/cativa_live_[0-9a-f]{32}/);
    expect(result.stdout).not.toContain(SIM_ACCESS_TOKEN_PREFIX);
  });
});

describe('CLI: cativa-keys schema and --version', () => {
  it('prints the config JSON Schema', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['keys', 'policy', 'cativa']),
    );
  });

  it('prints the version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 on an unknown command', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
  });
});
