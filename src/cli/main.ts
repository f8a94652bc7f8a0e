#!/usr/bin/env node
import { version } from './version.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Answered before the command modules (zod, prompts, SDK adapters) load: version checks in
  // scripts and health probes should cost about what starting node costs.
  process.stdout.write(`${version()}\n`);
} else {
  const [{ processIo }, { runCli }] = await Promise.all([
    import('./io.js'),
    import('./program.js'),
  ]);
  process.exitCode = await runCli(argv, processIo());
}
