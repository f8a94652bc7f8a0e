import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { formatAuditReport } from '../audit/format.js';
import { runAudit } from '../audit/run-audit.js';
import { startCativaSimulator } from '../cativa/simulator.js';
import { systemClock } from '../clock.js';
import { seedDemo } from '../demo/scenario.js';
import { buildContext } from './context.js';
import { type CommandEnv, say, sayJson, warn } from './io.js';

/** Waits for SIGINT or SIGTERM. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `cativa-keys demo`: starts a Cativa simulator and a temporary file vault seeded with keys in
 * every state, audits them as `audit` would, and says what each finding means.
 */
export function demoCommand(env: CommandEnv): Command {
  return new Command('demo')
    .description('audit a seeded file vault against a local Cativa simulator (no account needed)')
    .option('--json', 'print the audit report as JSON')
    .option('--keep', 'keep the simulator and files until Ctrl-C, to try other commands on them')
    .action(async (options: { json?: boolean; keep?: boolean }) => {
      const { io } = env;
      const dir = await mkdtemp(join(tmpdir(), 'cativa-keys-demo-'));
      const sim = await startCativaSimulator();
      try {
        const files = await seedDemo(sim, dir, systemClock);
        warn(io, `Cativa simulator: ${sim.url} (stands in for https://apis.cativalab.digital)`);
        warn(io, `File vault with ${files.keys.length} keys: ${files.vaultPath}`);
        warn(io, `Config: ${files.configPath}`);
        const context = await buildContext(io, { config: files.configPath });
        const report = await runAudit(context.keys, context, {
          concurrency: context.loaded.config.audit.concurrency,
        });
        if (options.json) {
          sayJson(io, report);
        } else {
          say(io);
          for (const line of formatAuditReport(report)) say(io, line);
          say(io);
          say(io, 'What each key shows:');
          const width = Math.max(...files.keys.map((k) => k.expected.length));
          for (const k of files.keys)
            say(io, `  ${k.expected.padEnd(width)}  ${k.name}: ${k.story}`);
          say(io);
          say(io, 'Next: write a cativa-keys.yaml for your own keys (see README), then run');
          say(io, '  cativa-keys audit            # the same report for your vaults');
          say(io, "  cativa-keys rotate 'NAME'    # the guided rotation of one key");
        }
        if (options.keep) {
          say(io);
          say(io, 'Kept running; try, in another shell:');
          say(io, `  cativa-keys audit --config ${files.configPath}`);
          say(io, `  cativa-keys status 'Reporting' --config ${files.configPath}`);
          say(
            io,
            `  curl -s -X POST ${sim.url}/__admin/keys -d '{"tenant":"Acme Robotics"}'  # a new key`,
          );
          say(io, 'Ctrl-C stops the simulator and deletes the files.');
          await untilStopped();
        }
      } finally {
        await sim.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
}
