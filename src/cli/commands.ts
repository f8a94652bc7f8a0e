import type { Command } from 'commander';
import { auditCommand } from './audit.js';
import { demoCommand } from './demo.js';
import type { CommandEnv } from './io.js';
import { schemaCommand } from './schema.js';

/** Every subcommand, one file each. Adding a command: a file under src/cli/ and a line here. */
export function commands(env: CommandEnv): Command[] {
  return [auditCommand(env), demoCommand(env), schemaCommand(env)];
}
