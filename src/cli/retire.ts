import { Command } from 'commander';
import { commandLine } from '../rotation/commands.js';
import { type CommandEnv, say, sayJson } from './io.js';
import { fp } from './rotation-output.js';
import {
  defaultRotationCliDeps,
  openRotation,
  type RotationCliDeps,
  rotationCommand,
} from './rotation-session.js';

/** `cativa-keys retire <key>`: checks the old key answers 401, then clears it from previous. */
export function retireCommand(env: CommandEnv, deps: RotationCliDeps = defaultRotationCliDeps()) {
  return rotationCommand(new Command('retire'))
    .description(
      'after revoking the old key in the Cativa Console: check that it answers 401, then clear it from previous',
    )
    .argument('<key-name>', 'the managed key, by its name in the config')
    .option('--json', 'print the outcome as JSON')
    .action(async (keyName: string, options: { json?: boolean }, command: Command) => {
      const { target, engine } = await openRotation(env, command, keyName, deps);
      const outcome = await engine.retire(target);
      if (options.json) {
        sayJson(env.io, {
          key: outcome.keyName,
          result: outcome.status,
          location: outcome.location,
          oldKey: outcome.oldKey ?? null,
          promotedAt: outcome.promotedAt?.toISOString() ?? null,
          retiredAt: outcome.retiredAt?.toISOString() ?? null,
        });
        return;
      }
      if (outcome.status === 'nothing-to-retire') {
        say(
          env.io,
          `nothing to retire for '${outcome.keyName}': previous is empty at ${outcome.location}`,
        );
        say(env.io, `next: ${commandLine('status', outcome.keyName)}`);
      } else {
        say(
          env.io,
          `retired the old key ${fp(outcome.oldKey)} of '${outcome.keyName}': it answers 401 and previous is cleared`,
        );
        say(env.io, 'the rotation is complete');
      }
    });
}
