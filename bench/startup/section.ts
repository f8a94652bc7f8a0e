import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import { systemClock } from '../../src/clock.js';
import { fileAuditFixture } from '../audit/file-fixture.js';
import { timedSpawn } from '../child-process.js';
import type { BenchOptions } from '../options.js';
import { type CaseResult, failed } from '../results.js';
import { summarize } from '../stats.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

interface Command {
  readonly id: string;
  readonly args: readonly string[];
}

/**
 * Start-up: whole processes as a person runs them, timed from spawn to exit, next to `node -e 0`
 * in the same run (the baseline absorbs the machine's speed and load). Commands take turns in
 * each round so that a burst of load affects all of them alike; one unmeasured warm-up round
 * fills the file cache first.
 */
export async function startupSection(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<CaseResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cativa-keys-bench-startup-'));
  const sim = await startCativaSimulator();
  try {
    const { configPath } = await fileAuditFixture(sim, dir, 10, options.concurrency, systemClock);
    const commands: Command[] = [
      { id: 'startup/node -e 0', args: ['-e', '0'] },
      { id: 'startup/cativa-keys --version', args: [CLI, '--version'] },
      { id: 'startup/cativa-keys audit (10 keys)', args: [CLI, 'audit', '--config', configPath] },
    ];
    const times = new Map<string, number[]>(commands.map((c) => [c.id, []]));
    const broken = new Map<string, Error>();
    log(`startup: ${options.startupRuns} round(s) of ${commands.length} commands`);
    for (let round = -1; round < options.startupRuns; round++) {
      for (const command of commands) {
        const run = await timedSpawn(process.execPath, command.args);
        if (run.code !== 0 && !broken.has(command.id)) {
          broken.set(command.id, new Error(`exit ${run.code}: ${run.stderr.slice(-500)}`));
        }
        if (round >= 0) times.get(command.id)?.push(run.wallMs);
      }
    }
    const baseline = summarize(times.get('startup/node -e 0') ?? []);
    return commands.map((c): CaseResult => {
      const error = broken.get(c.id);
      if (error) return failed(c.id, 'startup', error);
      const wall = summarize(times.get(c.id) ?? []);
      return {
        id: c.id,
        section: 'startup',
        status: 'ok',
        figures: { wallMs: wall },
        details: { overNodeBaseline: wall.median / baseline.median },
      };
    });
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
