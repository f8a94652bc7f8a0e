import { Command } from 'commander';
import { ExitCode, isCativaKeysError } from '../errors.js';
import { planPromotion } from '../rotation/plan.js';
import { assertReadyToStage, retireFirst, rotationInProgress } from '../rotation/stage.js';
import type { RotationObservation } from '../rotation/types.js';
import { fingerprintOf, type Secret, sameFingerprint } from '../secret.js';
import { type CliIo, type CommandEnv, say, sayJson, warn } from './io.js';
import { newKeySource, readNewKey } from './new-key-input.js';
import { requireConfirmable } from './rotation-confirm.js';
import { creationLines, planLines, statusLines } from './rotation-output.js';
import { printPromotion, promoteAfterConfirmation } from './rotation-promote-flow.js';
import {
  defaultRotationCliDeps,
  openRotation,
  type RotationCliDeps,
  type RotationSession,
  rotationCommand,
} from './rotation-session.js';

interface RotateOptions {
  newKeyStdin?: boolean;
  newKeyEnv?: string;
  yes?: boolean;
  json?: boolean;
  dryRun?: boolean;
}

/**
 * `cativa-keys rotate <key>`: the manual rotation runbook. Shows the key's state, says what to
 * create in the Cativa Console, reads the new key (hidden prompt, or stdin / an env var for
 * scripts), stages it at once, validates it, asks, promotes, and prints the revocation step.
 */
export function rotateCommand(env: CommandEnv, deps: RotationCliDeps = defaultRotationCliDeps()) {
  return rotationCommand(new Command('rotate'))
    .description(
      'rotate a key by hand: create it in the Console, paste it, and the tool stages, validates and promotes it',
    )
    .argument('<key-name>', 'the managed key, by its name in the config')
    .option('--new-key-stdin', 'read the new key from stdin (a pipe); needs --yes')
    .option('--new-key-env <VAR>', 'read the new key from the environment variable VAR')
    .option('-y, --yes', 'promote without asking (for scripts)')
    .option('--dry-run', 'print what would be written where, by fingerprint, and write nothing')
    .option('--json', 'print the outcome as JSON')
    .action(async (keyName: string, options: RotateOptions, command: Command) => {
      const { io } = env;
      const session = await openRotation(env, command, keyName, deps);
      const { target, engine, context } = session;
      // Every reason to stop is found before the person creates a key in the Console.
      const source = newKeySource(io, options);
      if (!options.dryRun) {
        requireConfirmable(io, { ...options, stdinTaken: source === 'stdin' }, 'rotate');
      }
      const prompts = deps.prompts(io);
      if (source !== 'prompt' && !options.dryRun) {
        // A piped or env key is staged before any other vault read: a replica that cannot be
        // read must not stop the key (shown once by Cativa) from being persisted.
        await stageOrSay(
          io,
          session,
          await readNewKey(io, target.key.name, source, options, prompts),
        );
        const report = await promoteAfterConfirmation(io, session, prompts, options.yes);
        printPromotion(io, report, options.json);
        return;
      }
      const before = await engine.observe(target);
      const now = context.clock.now();
      if (source === 'prompt') assertReadyToStage(before);
      if (!options.json || source === 'prompt') {
        for (const line of statusLines(before, now)) warn(io, line);
      }
      if (source === 'prompt') {
        warn(io, '');
        for (const line of creationLines(target.key, now)) warn(io, line);
      }
      const newKey = await readNewKey(io, target.key.name, source, options, prompts);
      if (options.dryRun) return dryRun(io, before, newKey, options.json);

      // Staged before anything else: Cativa showed the key once. Promotion validates it first.
      await stageOrSay(io, session, newKey);
      const report = await promoteAfterConfirmation(io, session, prompts, options.yes);
      printPromotion(io, report, options.json);
    });
}

/**
 * Stages the new key. When that fails and the key is neither pending nor current at the primary,
 * the key the person just created is kept nowhere: say so (the error itself says why). A
 * malformed paste is not a key to keep.
 */
async function stageOrSay(io: CliIo, session: RotationSession, newKey: Secret): Promise<void> {
  try {
    await session.engine.stage(session.target, newKey);
  } catch (error) {
    if (!isCativaKeysError(error) || error.exitCode !== ExitCode.malformedKey) {
      await warnIfNotKept(io, session, newKey);
    }
    throw error;
  }
}

async function warnIfNotKept(io: CliIo, session: RotationSession, newKey: Secret): Promise<void> {
  const key = fingerprintOf(newKey);
  const now = await session.engine.observe(session.target).catch(() => undefined);
  if (!now) return;
  const { pending, current } = now.primary;
  if (sameFingerprint(pending, key) || sameFingerprint(current, key)) return;
  warn(
    io,
    `your new key ${key.hint} was NOT staged: keep it to stage it later, or revoke it in the Cativa Console`,
  );
}

function dryRun(
  io: CliIo,
  before: RotationObservation,
  newKey: Secret,
  json: boolean | undefined,
): void {
  const key = fingerprintOf(newKey);
  const { pending, previous, current } = before.primary;
  if (pending && !sameFingerprint(pending, key)) throw rotationInProgress(before, pending);
  if (!pending && previous && !sameFingerprint(current, key)) throw retireFirst(before);
  const plan = planPromotion(before, key, sameFingerprint(pending, key));
  const sameAsCurrent = sameFingerprint(current, key);
  if (json) {
    sayJson(io, { key: before.keyName, dryRun: true, newKey: key, sameAsCurrent, plan });
    return;
  }
  for (const line of planLines(plan)) say(io, line);
  if (sameAsCurrent) say(io, 'note: the new key is the current key; rotate would stop (exit 11)');
}
