import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { commandLine } from '../rotation/commands.js';
import { planPromotion } from '../rotation/plan.js';
import { type CommandEnv, say, sayJson } from './io.js';
import { requireConfirmable } from './rotation-confirm.js';
import { planLines } from './rotation-output.js';
import { printPromotion, promoteAfterConfirmation } from './rotation-promote-flow.js';
import {
  defaultRotationCliDeps,
  openRotation,
  type RotationCliDeps,
  rotationCommand,
} from './rotation-session.js';

interface PromoteOptions {
  yes?: boolean;
  json?: boolean;
  dryRun?: boolean;
}

/** `cativa-keys promote <key>`: re-validates the pending key and writes it to every location. */
export function promoteCommand(env: CommandEnv, deps: RotationCliDeps = defaultRotationCliDeps()) {
  return rotationCommand(new Command('promote'))
    .description(
      'validate the staged key, then write it to every replica and make it current at the primary',
    )
    .argument('<key-name>', 'the managed key, by its name in the config')
    .option('-y, --yes', 'promote without asking (for scripts)')
    .option('--dry-run', 'print what would be written where, by fingerprint, and write nothing')
    .option('--json', 'print the outcome as JSON')
    .action(async (keyName: string, options: PromoteOptions, command: Command) => {
      const { io } = env;
      const session = await openRotation(env, command, keyName, deps);
      if (options.dryRun) {
        const observation = await session.engine.observe(session.target);
        const pending = observation.primary.pending;
        if (!pending) {
          throw new UsageError(
            `nothing is staged for '${observation.keyName}' (phase ${observation.phase}); next: ${observation.next.command}`,
          );
        }
        const plan = planPromotion(observation, pending, true);
        if (options.json)
          sayJson(io, { key: observation.keyName, dryRun: true, newKey: pending, plan });
        else for (const line of planLines(plan)) say(io, line);
        return;
      }
      requireConfirmable(io, options, 'promote');
      const report = await promoteAfterConfirmation(io, session, deps.prompts(io), options.yes);
      printPromotion(io, report, options.json);
      if (report.status === 'already-promoted' && !options.json) {
        say(io, `(nothing was pending; \`${commandLine('status', keyName)}\` shows the state)`);
      }
    });
}
