import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderSet, providersSettingsSchema } from '../../providers/registry.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { createCativaClient } from '../../src/cativa/client.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { managedKeys } from '../../src/config/schema.js';
import { type DemoFiles, seedDemo } from '../../src/demo/scenario.js';
import { runCli } from '../support/cli.js';

/**
 * A module preloaded into the CLI's process (`--import`) that records, at exit, which modules of
 * the 1Password SDK were loaded (the SDK is CommonJS, so every one of its files lands in the
 * CommonJS cache, even when imported from ESM) and how many WASM modules were compiled.
 */
const PROBE = `
import Module from 'node:module';
import { writeFileSync } from 'node:fs';
let wasm = 0;
const Original = WebAssembly.Module;
WebAssembly.Module = class extends Original {
  // Counts only big modules: the SDK core is 14 MB, Node's own (llhttp) are tens of kB.
  constructor(bytes) { super(bytes); if (bytes.byteLength > 1e6) wasm += 1; }
};
process.on('exit', () => {
  const sdk = Object.keys(Module._cache).filter((path) => path.includes('@1password'));
  writeFileSync(process.env.CK_PROBE_OUT, JSON.stringify({ sdk, wasm }));
});
`;

interface ProbeReport {
  /** Paths of the SDK's modules that were loaded. */
  readonly sdk: string[];
  /** WASM modules over 1 MB compiled. */
  readonly wasm: number;
}

describe('Cost: the 1Password SDK loads only for 1Password locations', () => {
  let sim: CativaSimulator;
  let dir: string;
  let demo: DemoFiles;
  let probe: string;
  let runs = 0;

  /** Runs the built CLI with the probe; returns what it saw, and the CLI's result. */
  const probed = async (args: string[], env: Record<string, string | undefined> = {}) => {
    runs += 1;
    const out = join(dir, `probe-${runs}.json`);
    const result = await runCli(args, {
      env: {
        OP_SERVICE_ACCOUNT_TOKEN: undefined,
        ...env,
        CK_PROBE_OUT: out,
        NODE_OPTIONS: `--import=${pathToFileURL(probe).href}`,
      },
    });
    const seen = JSON.parse(await readFile(out, 'utf8')) as ProbeReport;
    return { seen, result };
  };

  beforeAll(async () => {
    sim = await startCativaSimulator();
    dir = await mkdtemp(join(tmpdir(), 'ck-1p-lazy-'));
    probe = join(dir, 'probe.mjs');
    await writeFile(probe, PROBE);
    demo = await seedDemo(sim, dir, systemClock);
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('cativa-keys --help loads no SDK module and compiles no WASM', async () => {
    const { seen, result } = await probed(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('audit');
    expect(seen).toEqual({ sdk: [], wasm: 0 });
  });

  it('an audit of file-vault keys only loads no SDK module', async () => {
    const { seen, result } = await probed(['audit', '--json', '--config', demo.configPath]);
    expect(JSON.parse(result.stdout).keys.length).toBe(demo.keys.length);
    expect(seen).toEqual({ sdk: [], wasm: 0 });
  });

  it('an audit with a 1Password location loads the SDK (the probe sees it) and maps its errors', async () => {
    const config = join(dir, 'with-1p.json');
    await writeFile(
      config,
      JSON.stringify({
        cativa: { baseUrl: sim.url, retries: 0 },
        keys: [
          {
            name: 'In 1Password',
            tenant: 'Acme Robotics',
            locations: [
              { provider: 'onepassword', vault: 'Prod', item: 'Cativa', field: 'credential' },
            ],
          },
        ],
      }),
    );
    // A malformed token fails inside the SDK's core, before any network call.
    const { seen, result } = await probed(['audit', '--json', '--config', config], {
      OP_SERVICE_ACCOUNT_TOKEN: 'ops_not-a-real-token',
    });
    expect(seen.sdk.some((path) => path.includes('@1password/sdk-core'))).toBe(true);
    expect(seen.wasm).toBe(1);
    const [report] = JSON.parse(result.stdout).keys as Array<{
      status: string;
      findings: Array<{ message: string }>;
    }>;
    expect(report?.status).toBe('unreachable');
    expect(report?.findings[0]?.message).toContain('service account token is invalid');
    expect(result.stdout + result.stderr).not.toContain('ops_not-a-real-token');
  });

  it('in process, an audit binds only the providers its locations use', async () => {
    const { config, baseDir } = await loadConfig({ flag: demo.configPath, env: {}, cwd: dir });
    const providers = createProviderSet(config.providers, { clock: systemClock, baseDir, env: {} });
    await runAudit(
      managedKeys(config),
      {
        providers,
        cativa: createCativaClient({ baseUrl: sim.url, timeoutMs: 2_000, retries: 0 }),
        clock: systemClock,
      },
      { concurrency: 4 },
    );
    expect(providers.loaded()).toEqual(['file']);
  });

  it('without a token, a 1Password location fails before the SDK is imported, naming the variable', async () => {
    const providers = createProviderSet(providersSettingsSchema.parse({}), {
      clock: systemClock,
      baseDir: dir,
      env: {},
    });
    const bound = await providers.bind({
      provider: 'onepassword',
      vault: 'Prod',
      item: 'Cativa',
      field: 'credential',
    });
    const error = await bound.provider.read(bound.location).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ONEPASSWORD_NO_TOKEN' });
    expect((error as Error).message).toContain('OP_SERVICE_ACCOUNT_TOKEN is not set');
    expect(providers.loaded()).toEqual(['onepassword']);
  });
});
