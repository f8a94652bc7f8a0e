import type { z } from 'zod';
import type { FieldIssue } from '../errors.js';

/** Formats a zod path as `keys[2].locations[0].entry`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      const name = String(part);
      return /^[A-Za-z_$][\w$]*$/.test(name)
        ? i === 0
          ? name
          : `.${name}`
        : `[${JSON.stringify(name)}]`;
    })
    .join('');
}

/**
 * Turns zod issues into field issues: the path and what was expected. zod 4 does not put the
 * input into messages (unless asked to), so no value can leak from here.
 */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}
