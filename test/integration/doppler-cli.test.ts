import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileVault, seedFileVault } from '../../providers/file/index.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { DAY_MS, systemClock } from '../../src/clock.js';
import type { Secret } from '../../src/secret.js';
import { type CliResult, runCli } from '../support/cli.js';
import { type DopplerServer, startDopplerServer } from '../support/doppler-server.js';
import { runCrashingCli } from '../support/rotation-children.js';

const KEY = 'Sync HubSpot prod';
const TENANT = 'Acme Robotics';

function reveal(secret: Secret): string {
  // Test code: hands keys to the CLI and the server as a person would paste them.
  return secret.reveal();
}

/**
 * The built CLI as a user runs it, with a Doppler primary (the local server) and a file replica.
 * The SIGKILL crash runner counts the writes to every vault: write 1 is the Doppler stage, write
 * 2 the file replica, so "killed after write 2" stops between the replica and the promotion.
 */
describe('CLI: rotate and audit with a Doppler primary', () => {
  let sim: CativaSimulator;
  let server: DopplerServer;
  let dir: string;
  let configPath: string;
  let oldKey: string;
  let config = '';
  let runs = 0;
  const canaries: string[] = [];

  beforeAll(async () => {
    sim = await startCativaSimulator();
    server = await startDopplerServer();
    // The crash runner passes the test process's environment to the CLI.
    process.env.DOPPLER_TOKEN = server.token;
    canaries.push(server.token);
  });
  afterAll(async () => {
    delete process.env.DOPPLER_TOKEN;
    await server?.close();
    await sim?.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ck-doppler-cli-'));
    // A config per test: the server lives for the whole file.
    runs += 1;
    config = `prd${runs}`;
    server.createConfig('backend', config);
    const old = sim.createKey({ tenant: TENANT });
    oldKey = reveal(old);
    canaries.push(oldKey);
    const storedAt = new Date(Date.now() - 80 * DAY_MS);
    server.seed('backend', config, { CATIVA_API_KEY: oldKey }, storedAt);
    await seedFileVault(join(dir, 'vault.json'), {
      hubspot: { current: { secret: old, storedAt } },
    });
    configPath = join(dir, 'cativa-keys.yaml');
    await writeFile(
      configPath,
      [
        'cativa:',
        `  baseUrl: ${sim.url}`,
        'providers:',
        '  file: { path: vault.json }',
        `  doppler: { baseUrl: '${server.url}', timeoutMs: 2000, retries: 1 }`,
        'keys:',
        `  - name: ${KEY}`,
        `    tenant: ${TENANT}`,
        '    locations:',
        `      - { provider: doppler, project: backend, config: ${config}, name: CATIVA_API_KEY }`,
        '      - { provider: file, entry: hubspot }',
        '',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const doppler = (name: string) => server.value('backend', config, name);
  const fileCurrent = async () => {
    const snapshot = await createFileVault(
      { path: 'vault.json' },
      { clock: systemClock, baseDir: dir, env: {} },
    ).read({ provider: 'file', entry: 'hubspot' });
    return snapshot.current && reveal(snapshot.current.secret);
  };
  const cli = (args: string[], stdin?: string) =>
    runCli([...args, '--config', configPath], {
      cwd: dir,
      env: { DOPPLER_TOKEN: server.token },
      ...(stdin ? { stdin } : {}),
    });
  const expectNoSecrets = (result: CliResult) => {
    const output = result.stdout + result.stderr;
    expect(canaries.filter((c) => output.includes(c))).toEqual([]);
  };

  it('audits, then rotates end to end, printing no key and no token', async () => {
    const audit = await cli(['audit', '--json']);
    expect(JSON.parse(audit.stdout).keys[0]).toMatchObject({ status: 'due', ageEstimated: true });
    const newKey = reveal(sim.createKey({ tenant: TENANT }));
    canaries.push(newKey);
    const result = await cli(['rotate', KEY, '--new-key-stdin', '--yes'], newKey);
    expect(result.code, result.stderr).toBe(0);
    expect([
      doppler('CATIVA_API_KEY'),
      doppler('CATIVA_API_KEY_PREVIOUS'),
      await fileCurrent(),
    ]).toEqual([newKey, oldKey, newKey]);
    const after = await cli(['audit', '--json']);
    expect(JSON.parse(after.stdout).keys[0]).toMatchObject({ ageEstimated: false });
    for (const r of [audit, result, after]) expectNoSecrets(r);
  });

  it('keeps the invariant when SIGKILLed between the replica write and the Doppler promotion; resume finishes', async () => {
    const newKey = reveal(sim.createKey({ tenant: TENANT }));
    canaries.push(newKey);
    const crashed = await runCrashingCli(
      2,
      ['rotate', KEY, '--new-key-stdin', '--yes', '--config', configPath],
      { stdin: newKey, cwd: dir },
    );
    expect(crashed.signal).toBe('SIGKILL');
    expect([
      doppler('CATIVA_API_KEY'),
      doppler('CATIVA_API_KEY_PENDING'),
      await fileCurrent(),
    ]).toEqual([oldKey, newKey, newKey]);
    const resumed = await cli(['resume', KEY, '--yes']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect([
      doppler('CATIVA_API_KEY'),
      doppler('CATIVA_API_KEY_PENDING'),
      doppler('CATIVA_API_KEY_PREVIOUS'),
    ]).toEqual([newKey, undefined, oldKey]);
    expectNoSecrets(crashed);
    expectNoSecrets(resumed);
  });
});
