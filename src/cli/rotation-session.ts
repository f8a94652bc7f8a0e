import type { Command } from 'commander';
import { type Clock, systemClock } from '../clock.js';
import { createRotationEngine, type RotationEngine } from '../rotation/engine.js';
import type { RotationTarget } from '../rotation/types.js';
import { type AppContext, buildContext, findKey } from './context.js';
import { type CommandEnv, warn } from './io.js';
import { refuseKeyArguments } from './new-key-input.js';
import { progressLine } from './rotation-output.js';
import { inquirerPrompts, type PromptsFactory } from './rotation-prompts.js';

/** What the rotation commands get injected (tests swap the prompts or the clock). */
export interface RotationCliDeps {
  readonly prompts: PromptsFactory;
  readonly clock: Clock;
}

/** The real prompts and the wall clock. */
export function defaultRotationCliDeps(): RotationCliDeps {
  return { prompts: inquirerPrompts, clock: systemClock };
}

/** One rotation command's object graph. */
export interface RotationSession {
  readonly context: AppContext;
  readonly target: RotationTarget;
  readonly engine: RotationEngine;
}

/**
 * Refuses key-like arguments, loads the config, finds the key, binds its locations and builds
 * the engine, whose progress goes to stderr (stdout carries only results).
 */
export async function openRotation(
  env: CommandEnv,
  command: Command,
  keyName: string,
  deps: RotationCliDeps,
): Promise<RotationSession> {
  refuseKeyArguments(command, 1);
  const { io } = env;
  const context = await buildContext(io, command.optsWithGlobals(), deps.clock);
  const key = findKey(context, keyName);
  const locations = await Promise.all(key.locations.map((l) => context.providers.bind(l)));
  const engine = createRotationEngine({
    cativa: context.cativa,
    clock: context.clock,
    onProgress: (event) => warn(io, progressLine(event)),
  });
  return { context, target: { key, locations }, engine };
}

/** Marks a command as a rotation command: unknown options reach the action, never echoed. */
export function rotationCommand(command: Command): Command {
  return command.allowUnknownOption().allowExcessArguments();
}
