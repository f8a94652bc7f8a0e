// Runs the built CLI (dist/) like main.js does, but with every vault provider wrapped so that
// the process SIGKILLs itself right after its Nth completed vault write, whichever vault it went
// to. No test hook exists in production code: the wrapper replaces the registry's loaders in
// this process only.
//
// Usage: node rotation-crash-runner.mjs <N> <cli args...>
import { providerRegistry } from '../../dist/providers/registry.js';
import { processIo } from '../../dist/src/cli/io.js';
import { runCli } from '../../dist/src/cli/program.js';

const WRITES = ['stage', 'writeCurrent', 'promote', 'discardPending', 'clearPrevious'];
const killAfter = Number(process.argv[2]);
if (!Number.isInteger(killAfter) || killAfter < 1) {
  process.stderr.write('usage: rotation-crash-runner.mjs <N> <cli args...>\n');
  process.exit(64);
}

let writes = 0;
for (const definition of Object.values(providerRegistry)) {
  const load = definition.load;
  definition.load = async (settings, deps) => {
    const provider = await load(settings, deps);
    const wrapped = { ...provider };
    for (const name of WRITES) {
      wrapped[name] = async (...args) => {
        await provider[name](...args);
        writes += 1;
        if (writes === killAfter) {
          process.stderr.write(
            `crash-runner: SIGKILL after write ${writes} (${provider.name} ${name})\n`,
          );
          process.kill(process.pid, 'SIGKILL');
        }
      };
    }
    return wrapped;
  };
}

process.exitCode = await runCli(process.argv.slice(3), processIo());
