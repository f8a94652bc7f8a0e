import { Command } from 'commander';
import { commandLine } from '../rotation/commands.js';
import { sameFingerprint } from '../secret.js';
import { type CommandEnv, say, sayJson } from './io.js';
import { confirmStep, requireConfirmable } from './rotation-confirm.js';
import { fp } from './rotation-output.js';
import {
  defaultRotationCliDeps,
  openRotation,
  type RotationCliDeps,
  rotationCommand,
} from './rotation-session.js';

/** `cativa-keys abort <key>`: discards the pending key, after confirmation showing its fingerprint. */
export function abortCommand(env: CommandEnv, deps: RotationCliDeps = defaultRotationCliDeps()) {
  return rotationCommand(new Command('abort'))
    .description('discard the key pending at the primary (the rotation lock), after confirmation')
    .argument('<key-name>', 'the managed key, by its name in the config')
    .option('-y, --yes', 'discard without asking (for scripts)')
    .option('--json', 'print the outcome as JSON')
    .action(
      async (keyName: string, options: { json?: boolean; yes?: boolean }, command: Command) => {
        const { io } = env;
        const { target, engine } = await openRotation(env, command, keyName, deps);
        const observation = await engine.observe(target);
        const pending = observation.primary.pending;
        if (pending) {
          requireConfirmable(io, options, 'abort');
          await confirmStep(
            deps.prompts(io),
            options.yes,
            `Discard the pending key ${fp(pending)} of '${observation.keyName}' at ${observation.primary.label}? ` +
              'Unless you still have it, it is lost and must be revoked in the Console.',
            'abort cancelled: the pending key was kept',
            false,
          );
        }
        const outcome = await engine.abort(target, pending);
        if (options.json) {
          sayJson(io, {
            key: outcome.keyName,
            result: outcome.status,
            location: outcome.location,
            discarded: outcome.discarded ?? null,
          });
        } else if (outcome.status === 'nothing-to-abort') {
          say(
            io,
            `nothing to abort for '${outcome.keyName}': no key is pending at ${outcome.location}`,
          );
        } else {
          say(io, `discarded the pending key ${fp(outcome.discarded)} of '${outcome.keyName}'`);
          // A promotion running at the same moment may have written it somewhere: never advise
          // revoking a key a location serves.
          const after = await engine.observe(target);
          const holders = after.locations
            .filter((l) => sameFingerprint(l.current, outcome.discarded))
            .map((l) => l.label);
          if (holders.length > 0) {
            say(
              io,
              `do not revoke it: ${holders.join(', ')} hold it; run \`${commandLine('status', outcome.keyName)}\``,
            );
          } else {
            say(
              io,
              `if it was created in the Cativa Console, revoke it there; then \`${commandLine('rotate', outcome.keyName)}\` starts again`,
            );
          }
        }
      },
    );
}
