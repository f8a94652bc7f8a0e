import { shellQuote } from '../audit/next-command.js';

/** The rotation commands a person may be told to run next. */
export type RotationCommandName =
  | 'rotate'
  | 'stage'
  | 'promote'
  | 'resume'
  | 'retire'
  | 'abort'
  | 'status';

/** `cativa-keys retire 'Sync HubSpot prod'`: a command line as a person would type it. */
export function commandLine(command: RotationCommandName, keyName: string): string {
  return `cativa-keys ${command} ${shellQuote(keyName)}`;
}
