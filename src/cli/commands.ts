import type { Command } from 'commander';
import { abortCommand } from './abort.js';
import { auditCommand } from './audit.js';
import { demoCommand } from './demo.js';
import type { CommandEnv } from './io.js';
import { promoteCommand } from './promote.js';
import { resumeCommand } from './resume.js';
import { retireCommand } from './retire.js';
import { rotateCommand } from './rotate.js';
import { schemaCommand } from './schema.js';
import { stageCommand } from './stage.js';
import { statusCommand } from './status.js';
import { watchCommand } from './watch.js';

/** Every subcommand, one file each. Adding a command: a file under src/cli/ and a line here. */
export function commands(env: CommandEnv): Command[] {
  return [
    auditCommand(env),
    demoCommand(env),
    schemaCommand(env),
    rotateCommand(env),
    stageCommand(env),
    promoteCommand(env),
    retireCommand(env),
    abortCommand(env),
    statusCommand(env),
    resumeCommand(env),
    watchCommand(env),
  ];
}
