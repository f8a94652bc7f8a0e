import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { seedFileVault } from '../../providers/file/seed.js';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import {
  SIM_ACCESS_TOKEN_PREFIX,
  SIM_REFRESH_TOKEN_PREFIX,
} from '../../src/cativa/simulator-auth-me.js';
import type { SimKeyInput } from '../../src/cativa/simulator-state.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import { DAY_MS } from '../../src/clock.js';
import { Secret } from '../../src/secret.js';
import { type CliResult, runCli } from './cli.js';

/** The managed key every rotation test rotates. */
export const KEY_NAME = 'Sync HubSpot prod';
export const TENANT = 'Acme Robotics';
export const ROLE = 'integration';

/** What one location's entry holds, read straight from the vault file (raw values). */
export interface EntryValues {
  readonly current?: string;
  readonly pending?: string;
  readonly previous?: string;
  readonly promotedAt?: string;
}

/** A Cativa simulator, a config and three file-vault locations (primary + 2 replicas, 2 files). */
export interface RotationBench {
  readonly sim: CativaSimulator;
  readonly dir: string;
  readonly configPath: string;
  /** The configured user id. */
  readonly userId: string;
  /** Raw value of the key current everywhere at the start. */
  readonly oldKey: string;
  /** Creates a key at the simulator (by default: right tenant, right user) and returns its value. */
  createKey(input?: Partial<SimKeyInput>): string;
  /** Revokes a key at the simulator: it answers 401 from now on. */
  revoke(value: string): void;
  /** Each location's slots, primary first, read from the files. */
  readLocations(): Promise<EntryValues[]>;
  /** Runs the built CLI with this bench's config. */
  cli(
    args: readonly string[],
    options?: { env?: Record<string, string>; stdin?: string },
  ): Promise<CliResult>;
  /** Every key value handed out so far: none may ever be printed. */
  canaries(): readonly string[];
  close(): Promise<void>;
}

/** Where the locations live: two entries in vault-a.json, one in vault-b.json. */
export const LOCATIONS = [
  { file: 'vault-a.json', entry: 'hubspot-prod' },
  { file: 'vault-a.json', entry: 'hubspot-prod-replica' },
  { file: 'vault-b.json', entry: 'hubspot-prod' },
] as const;

function reveal(secret: Secret): string {
  // Test code only: the bench hands raw keys to the CLI as a person would paste them.
  return secret.reveal();
}

/** Starts the bench; `timeoutMs`/`retries` are the Cativa client's (small, to keep tests fast). */
export async function createRotationBench(
  options: { timeoutMs?: number; retries?: number; sim?: CativaSimulator } = {},
): Promise<RotationBench> {
  const sim = options.sim ?? (await startCativaSimulator());
  const dir = await mkdtemp(join(tmpdir(), 'ck-rotation-'));
  const user = sim.createUser({ tenant: TENANT, role: ROLE });
  const issued: string[] = [];
  const createKey = (input: Partial<SimKeyInput> = {}) => {
    const value = reveal(sim.createKey({ tenant: TENANT, userId: user.id, ...input }));
    issued.push(value);
    return value;
  };
  const oldSecret = sim.createKey({ tenant: TENANT, userId: user.id, name: KEY_NAME });
  const oldKey = reveal(oldSecret);
  issued.push(oldKey);
  const storedAt = new Date(Date.now() - 80 * DAY_MS);
  for (const location of LOCATIONS) {
    await seedFileVault(join(dir, location.file), {
      [location.entry]: { current: { secret: oldSecret, storedAt } },
    });
  }
  const configPath = join(dir, 'cativa-keys.yaml');
  await writeFile(
    configPath,
    [
      'cativa:',
      `  baseUrl: ${sim.url}`,
      `  timeoutMs: ${options.timeoutMs ?? 2000}`,
      `  retries: ${options.retries ?? 1}`,
      'providers:',
      '  file:',
      `    path: ${LOCATIONS[0].file}`,
      'keys:',
      `  - name: ${KEY_NAME}`,
      `    tenant: ${TENANT}`,
      `    userId: ${user.id}`,
      `    role: ${ROLE}`,
      '    locations:',
      ...LOCATIONS.map(
        (l, i) =>
          `      - { provider: file, entry: ${l.entry}${i === 0 ? '' : `, path: ${l.file}`} }`,
      ),
      '',
    ].join('\n'),
  );
  const readLocations = async () => {
    const docs = new Map<string, { entries: Record<string, Record<string, unknown>> }>();
    for (const l of LOCATIONS) {
      if (!docs.has(l.file))
        docs.set(l.file, JSON.parse(await readFile(join(dir, l.file), 'utf8')));
    }
    return LOCATIONS.map((l) => {
      const entry = docs.get(l.file)?.entries[l.entry] ?? {};
      const value = (slot: unknown) => (slot as { value?: string } | undefined)?.value;
      return {
        current: value(entry.current),
        pending: value(entry.pending),
        previous: value(entry.previous),
        promotedAt: entry.promotedAt as string | undefined,
      };
    });
  };
  return {
    sim,
    dir,
    configPath,
    userId: user.id,
    oldKey,
    createKey,
    revoke: (value) => {
      sim.revokeKey(new Secret(value));
    },
    readLocations,
    cli: (args, cliOptions = {}) =>
      runCli([...args, '--config', configPath], { cwd: dir, ...cliOptions }),
    canaries: () => [...issued],
    async close() {
      if (!options.sim) await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Fails when any canary key, its hex body, or a simulator session token appears in `text`. */
export function expectNoSecrets(text: string, canaries: readonly string[]): void {
  for (const key of canaries) {
    expect(text).not.toContain(key);
    expect(text.toLowerCase()).not.toContain(key.slice('cativa_live_'.length, -4));
  }
  expect(text).not.toContain(SIM_ACCESS_TOKEN_PREFIX);
  expect(text).not.toContain(SIM_REFRESH_TOKEN_PREFIX);
}

/** Every location still holds `key` as current (nothing current changed). */
export async function expectCurrentEverywhere(bench: RotationBench, key: string): Promise<void> {
  const locations = await bench.readLocations();
  expect(locations.map((l) => l.current)).toEqual(locations.map(() => key));
}

/** What {@link useRotationBench} gives a test: the shared simulator and this test's bench. */
export interface RotationBenchHooks {
  readonly sim: CativaSimulator;
  readonly bench: RotationBench;
}

/**
 * Registers the hooks most rotation suites share: one simulator for the file, a fresh bench
 * (vault files and config) for every test, faults and latency cleared after each.
 */
export function useRotationBench(
  options: { timeoutMs?: number; retries?: number } = {},
): RotationBenchHooks {
  let sim: CativaSimulator | undefined;
  let bench: RotationBench | undefined;
  beforeAll(async () => {
    sim = await startCativaSimulator();
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(async () => {
    bench = await createRotationBench({ ...options, sim: sim as CativaSimulator });
  });
  afterEach(async () => {
    sim?.clearFaults();
    sim?.setLatency(0);
    await bench?.close();
  });
  return {
    get sim() {
      if (!sim) throw new Error('the simulator starts in beforeAll');
      return sim;
    },
    get bench() {
      if (!bench) throw new Error('the bench is created in beforeEach');
      return bench;
    },
  };
}
