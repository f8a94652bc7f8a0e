import { Command } from 'commander';
import { configJsonSchema } from '../config/schema.js';
import { type CommandEnv, sayJson } from './io.js';

/** `cativa-keys schema`: prints the config's JSON Schema, generated from the zod schema. */
export function schemaCommand({ io }: CommandEnv): Command {
  return new Command('schema')
    .description("print the JSON Schema of cativa-keys.yaml (for editors' validation)")
    .action(() => {
      sayJson(io, configJsonSchema());
    });
}
