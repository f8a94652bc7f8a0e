import { Command, InvalidArgumentError } from 'commander';
import { formatAuditReport } from '../audit/format.js';
import { runAudit } from '../audit/run-audit.js';
import { ExitCode } from '../errors.js';
import { buildContext } from './context.js';
import { type CommandEnv, say, sayJson } from './io.js';

/** Above this many keys, a TTY gets a progress line. */
const PROGRESS_THRESHOLD = 5;

/** `cativa-keys audit`: classifies every configured key; exit 1 when anything is not `ok`. */
export function auditCommand(env: CommandEnv): Command {
  return new Command('audit')
    .description('check every configured key: age, validity, tenant, copies in agreement')
    .option('--json', 'print the report as JSON')
    .option('--concurrency <n>', 'keys validated at once (default: audit.concurrency)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 256) {
        throw new InvalidArgumentError('--concurrency must be a whole number from 1 to 256');
      }
      return n;
    })
    .action(async (options: { json?: boolean; concurrency?: number }, command: Command) => {
      const { io } = env;
      const context = await buildContext(io, command.optsWithGlobals());
      const progress =
        !options.json && io.stderr.isTTY === true && context.keys.length > PROGRESS_THRESHOLD;
      const report = await runAudit(context.keys, context, {
        concurrency: options.concurrency ?? context.loaded.config.audit.concurrency,
        ...(progress
          ? {
              onKey: (_r, done, total) => {
                io.stderr.write(`\raudited ${done}/${total} keys`);
                if (done === total) io.stderr.write('\n');
              },
            }
          : {}),
      });
      if (options.json) sayJson(io, report);
      else for (const line of formatAuditReport(report)) say(io, line);
      env.exitCode = report.keys.every((k) => k.status === 'ok') ? ExitCode.ok : ExitCode.findings;
    });
}
