import { z } from 'zod';
import type { FieldIssue } from '../errors.js';
import { CativaResponseError } from './errors.js';
import type { CativaIdentity } from './types.js';

const requiredString = (what: string) =>
  z.string({
    error: (issue) => (issue.input === undefined ? 'is missing' : `must be ${what}`),
  });

/** A string the tool does not rely on: anything else (null, a number) is read as absent. */
const looseString = z.string().optional().catch(undefined);

/**
 * What the tool relies on in a `/auth/me` 200 body. Unknown keys, among them the session tokens
 * `accessToken` and `refreshToken`, are stripped by the parse and never kept.
 */
const identitySchema = z.object(
  {
    id: requiredString('a string'),
    customer: requiredString('a non-empty string').min(1, { error: 'must be a non-empty string' }),
    // Audits may compare the role with an expectation, so a role of another type is an error
    // rather than silently absent; null counts as absent.
    role: z
      .string({ error: 'must be a string when present' })
      .nullish()
      .transform((v) => v ?? undefined),
    email: looseString,
    displayName: looseString,
  },
  { error: 'must be a JSON object' },
);

const MESSAGE = 'Cativa answered /social/v1/auth/me with 200 but the body is not usable';

/**
 * Parses a `/auth/me` 200 body. Throws {@link CativaResponseError} listing field paths (never
 * values) when it is not JSON or a relied-on field is missing or of another type. The raw body and
 * the JSON value are not kept anywhere (no `cause`): they hold session tokens, and a JSON syntax
 * error message quotes the text it failed on.
 */
export function parseIdentity(body: string): CativaIdentity {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CativaResponseError(MESSAGE, [{ path: '(body)', message: 'is not JSON' }], {
      status: 200,
    });
  }
  const result = identitySchema.safeParse(json, { reportInput: false });
  if (!result.success) {
    const issues: FieldIssue[] = result.error.issues.map((issue) => ({
      path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
      message: issue.message,
    }));
    throw new CativaResponseError(MESSAGE, issues, { status: 200 });
  }
  const { id, customer, role, email, displayName } = result.data;
  return { id, customer, role, email, displayName };
}
