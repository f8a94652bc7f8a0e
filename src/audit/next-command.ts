import type { AuditStatus } from './types.js';

/** Quotes a key name for a POSIX shell command line. */
export function shellQuote(name: string): string {
  return /^[A-Za-z0-9._-]+$/.test(name) ? name : `'${name.replaceAll("'", `'\\''`)}'`;
}

/** The command that fixes a key in the given status, as a person would type it. */
export function nextCommand(keyName: string, status: AuditStatus): string | undefined {
  const name = shellQuote(keyName);
  switch (status) {
    case 'ok':
      return undefined;
    case 'due':
    case 'stale':
    case 'dead':
    case 'forbidden':
    case 'wrong-tenant':
    case 'missing':
      return `cativa-keys rotate ${name}`;
    case 'drift':
    case 'rotation-pending':
      return `cativa-keys status ${name}`;
    case 'retire-overdue':
      return `cativa-keys retire ${name}`;
    case 'unreachable':
      return `cativa-keys audit --json  # check vault credentials and network, then re-run`;
  }
}
