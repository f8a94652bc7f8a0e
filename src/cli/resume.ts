import { Command } from 'commander';
import { commandLine } from '../rotation/commands.js';
import { type CommandEnv, say, sayJson } from './io.js';
import { requireConfirmable } from './rotation-confirm.js';
import { fp, revocationLines, statusJson } from './rotation-output.js';
import { printPromotion, promoteAfterConfirmation } from './rotation-promote-flow.js';
import {
  defaultRotationCliDeps,
  openRotation,
  type RotationCliDeps,
  rotationCommand,
} from './rotation-session.js';

/**
 * `cativa-keys resume <key>`: continues a rotation from the state observed in the vaults. A key
 * staged but not yet promoted is promoted after confirmation (or `--yes`); a promotion that
 * stopped part-way is finished without asking again (it was confirmed when it started).
 */
export function resumeCommand(env: CommandEnv, deps: RotationCliDeps = defaultRotationCliDeps()) {
  return rotationCommand(new Command('resume'))
    .description(
      'continue a rotation from where the vaults show it stopped (after a crash or an error)',
    )
    .argument('<key-name>', 'the managed key, by its name in the config')
    .option('-y, --yes', 'promote a staged key without asking (for scripts)')
    .option('--json', 'print the outcome as JSON')
    .action(
      async (keyName: string, options: { yes?: boolean; json?: boolean }, command: Command) => {
        const { io } = env;
        const session = await openRotation(env, command, keyName, deps);
        const observation = await session.engine.observe(session.target);
        const name = observation.keyName;
        switch (observation.phase) {
          case 'staged':
            requireConfirmable(io, options, 'resume (promoting a staged key)');
            printPromotion(
              io,
              await promoteAfterConfirmation(io, session, deps.prompts(io), options.yes),
              options.json,
            );
            return;
          case 'promoting':
            printPromotion(io, await session.engine.promote(session.target), options.json);
            return;
          case 'promoted-awaiting-retire':
            if (observation.drift) {
              // A replica lacks the promoted key: write it there before anyone revokes the old one.
              printPromotion(io, await session.engine.promote(session.target), options.json);
              return;
            }
            if (options.json)
              sayJson(io, { result: 'awaiting-retire', ...statusJson(observation) });
            else {
              say(io, `the promotion of '${name}' is complete: every step left needs a person`);
              const lines = revocationLines(
                name,
                observation.primary.previous,
                commandLine('retire', name),
              );
              for (const line of lines) say(io, line);
            }
            return;
          case 'idle':
            if (options.json)
              sayJson(io, { result: 'nothing-to-resume', ...statusJson(observation) });
            else {
              say(
                io,
                `no rotation in progress for '${name}' (current ${fp(observation.primary.current)})`,
              );
              say(
                io,
                `next: ${observation.next.command ?? '(nothing)'}: ${observation.next.explanation}`,
              );
            }
            return;
        }
      },
    );
}
