import type { z } from 'zod';
import { VaultError } from '../../src/errors.js';
import { FileVaultErrorCode } from './error-codes.js';
import {
  FILE_VAULT_FORMAT_VERSION,
  type VaultDocument,
  type VaultEntry,
  vaultDocumentSchema,
} from './format.js';

/** How many schema problems one message lists before summarising the rest. */
const MAX_LISTED_ISSUES = 8;

/** `entries.hubspot-prod.current.value`, or `(root)`. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`,
    )
    .join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/**
 * Parses the text of a vault file. Throws `VaultError` naming `filePath` and the field paths that
 * are wrong; never a value from the file.
 *
 * @param label the location label the error is reported against
 * @param filePath the resolved path, named in the message
 */
export function parseVaultDocument(text: string, label: string, filePath: string): VaultDocument {
  const fail = (problem: string, code: string, cause?: unknown): never => {
    throw new VaultError(label, `cannot load vault file ${filePath}: ${problem}`, {
      code,
      ...(cause === undefined ? {} : { cause }),
    });
  };

  if (text.trim() === '') {
    return fail(
      'the file is empty (a missing file reads as an empty vault; an empty one does not)',
      FileVaultErrorCode.malformed,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // The SyntaxError is not kept as `cause`: V8 quotes the text around the fault, which may be a key.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = position === undefined ? '' : ` (${lineAndColumn(text, Number(position))})`;
    return fail(`the file is not valid JSON${where}`, FileVaultErrorCode.malformed);
  }

  if (isRecord(raw) && typeof raw.formatVersion === 'number') {
    if (raw.formatVersion !== FILE_VAULT_FORMAT_VERSION) {
      const found = Number.isInteger(raw.formatVersion) ? ` ${raw.formatVersion}` : '';
      fail(
        `formatVersion: unsupported format version${found}; this tool reads version ${FILE_VAULT_FORMAT_VERSION}`,
        FileVaultErrorCode.unsupportedVersion,
      );
    }
  }
  // zod's records silently drop a `__proto__` key; refuse it rather than lose the entry on write.
  if (isRecord(raw) && isRecord(raw.entries) && Object.hasOwn(raw.entries, '__proto__')) {
    fail('entries.__proto__: reserved name', FileVaultErrorCode.malformed);
  }

  const parsed = vaultDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const listed = issues
      .slice(0, MAX_LISTED_ISSUES)
      .map((issue: z.core.$ZodIssue) => `\n  - ${formatPath(issue.path)}: ${issue.message}`);
    const more =
      issues.length > MAX_LISTED_ISSUES
        ? `\n  - and ${issues.length - MAX_LISTED_ISSUES} more problems`
        : '';
    return fail(
      `the file does not match the vault format:${listed.join('')}${more}`,
      FileVaultErrorCode.malformed,
      parsed.error,
    );
  }
  return { entries: new Map<string, VaultEntry>(Object.entries(parsed.data.entries)) };
}
