import { Command, CommanderError } from 'commander';
import { ExitCode, isCativaKeysError } from '../errors.js';
import { commands } from './commands.js';
import { type CliIo, type CommandEnv, warn } from './io.js';
import { argumentLooksLikeKey, keyArgumentError } from './new-key-input.js';
import { version } from './version.js';

/** Builds the commander program; errors are left to {@link runCli}. */
export function buildProgram(env: CommandEnv): Command {
  const { io } = env;
  const program = new Command('cativa-keys')
    .description('Keeps Cativa API keys fresh and safe across the vaults where teams store them.')
    .version(version(), '-V, --version')
    .option(
      '-c, --config <file>',
      'config file (default: $CATIVA_KEYS_CONFIG or ./cativa-keys.yaml)',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  for (const command of commands(env)) {
    program.addCommand(command.exitOverride());
  }
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const env: CommandEnv = { io, exitCode: ExitCode.ok };
  // Before commander sees them: its own errors quote unknown commands and option values.
  const keyAt = argv.findIndex(argumentLooksLikeKey);
  if (keyAt >= 0) {
    warn(io, `error: ${keyArgumentError(`argument ${keyAt + 1}`).message}`);
    return ExitCode.usage;
  }
  const program = buildProgram(env);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return env.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with 1, which we make 2.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (isCativaKeysError(error)) {
      warn(io, `error: ${error.message}`);
      return error.exitCode;
    }
    // Not one of ours: a bug. Messages of foreign errors are not trusted to be secret-free.
    const name = error instanceof Error ? error.name : typeof error;
    warn(io, `internal error (${name}); set CATIVA_KEYS_DEBUG=1 to see details`);
    if (io.env.CATIVA_KEYS_DEBUG === '1' && error instanceof Error) warn(io, error.stack ?? '');
    return ExitCode.internal;
  }
}
