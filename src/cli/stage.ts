import { Command } from 'commander';
import { commandLine } from '../rotation/commands.js';
import { assertReadyToStage } from '../rotation/stage.js';
import { type CommandEnv, say, sayJson } from './io.js';
import { newKeySource, readNewKey } from './new-key-input.js';
import { fp, identityText } from './rotation-output.js';
import {
  defaultRotationCliDeps,
  openRotation,
  type RotationCliDeps,
  rotationCommand,
} from './rotation-session.js';

interface StageOptions {
  newKeyStdin?: boolean;
  newKeyEnv?: string;
  json?: boolean;
}

/**
 * `cativa-keys stage <key>`: reads the new key (hidden prompt, stdin or an env var), writes it
 * to the primary's pending slot, then validates it with Cativa. Promotes nothing.
 */
export function stageCommand(env: CommandEnv, deps: RotationCliDeps = defaultRotationCliDeps()) {
  return rotationCommand(new Command('stage'))
    .description(
      'save a new key to the pending slot of the primary and validate it (promotes nothing)',
    )
    .argument('<key-name>', 'the managed key, by its name in the config')
    .option('--new-key-stdin', 'read the new key from stdin (a pipe)')
    .option('--new-key-env <VAR>', 'read the new key from the environment variable VAR')
    .option('--json', 'print the outcome as JSON')
    .action(async (keyName: string, options: StageOptions, command: Command) => {
      const { io } = env;
      const session = await openRotation(env, command, keyName, deps);
      const name = session.target.key.name;
      const source = newKeySource(io, options);
      // At a prompt, say so before the person creates a key that could not be staged.
      if (source === 'prompt') assertReadyToStage(await session.engine.observe(session.target));
      const newKey = await readNewKey(io, name, source, options, deps.prompts(io));
      const staged = await session.engine.stage(session.target, newKey);
      const identity =
        staged.status === 'already-promoted'
          ? undefined
          : (await session.engine.validate(session.target)).identity;
      const next =
        staged.status === 'already-promoted'
          ? commandLine('retire', name)
          : commandLine('promote', name);
      if (options.json) {
        sayJson(io, {
          key: name,
          result: staged.status,
          rotationId: staged.rotationId,
          newKey: staged.key,
          location: staged.location,
          identity: identity ?? null,
          next,
        });
        return;
      }
      if (staged.status === 'already-promoted') {
        say(
          io,
          `${fp(staged.key)} is already current for '${name}'; its old key awaits retirement`,
        );
      } else {
        say(io, `${fp(staged.key)} is pending for '${name}' at ${staged.location}`);
        if (identity) say(io, `valid: ${identityText(identity)}`);
      }
      say(io, `next: ${next}`);
    });
}
