import { Command } from 'commander';
import { type CommandEnv, say, sayJson } from './io.js';
import { statusJson, statusLines } from './rotation-output.js';
import {
  defaultRotationCliDeps,
  openRotation,
  type RotationCliDeps,
  rotationCommand,
} from './rotation-session.js';

/** `cativa-keys status <key>`: the rotation's position, per-location fingerprints, next command. */
export function statusCommand(env: CommandEnv, deps: RotationCliDeps = defaultRotationCliDeps()) {
  return rotationCommand(new Command('status'))
    .description(
      'show where the rotation of a key stands, what each location holds, and what to run next',
    )
    .argument('<key-name>', 'the managed key, by its name in the config')
    .option('--json', 'print the status as JSON')
    .action(async (keyName: string, options: { json?: boolean }, command: Command) => {
      const { target, engine, context } = await openRotation(env, command, keyName, deps);
      const observation = await engine.observe(target);
      if (options.json) sayJson(env.io, statusJson(observation));
      else for (const line of statusLines(observation, context.clock.now())) say(env.io, line);
    });
}
