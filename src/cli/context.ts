import { type AppGraph, buildAppGraph } from '../app/graph.js';
import { type Clock, systemClock } from '../clock.js';
import type { ManagedKey } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { CliIo } from './io.js';

/** The object graph a command works with, built once per CLI run. */
export type AppContext = AppGraph;

/** Loads the config and wires providers and the Cativa client. */
export function buildContext(
  io: CliIo,
  options: { config?: string | undefined },
  clock: Clock = systemClock,
): Promise<AppContext> {
  return buildAppGraph({ env: io.env, cwd: io.cwd, clock }, options.config);
}

/** Finds a managed key by name (case-insensitive); the error lists the known names. */
export function findKey(context: AppContext, name: string): ManagedKey {
  const wanted = name.trim().toLowerCase();
  const key = context.keys.find((k) => k.name.toLowerCase() === wanted);
  if (!key) {
    const known = context.keys.map((k) => `'${k.name}'`).join(', ');
    throw new UsageError(
      `no managed key named '${name}' in ${context.loaded.path}; known: ${known}`,
    );
  }
  return key;
}
