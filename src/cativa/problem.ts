import type { CativaProblem } from './types.js';

/** Longest problem string kept, in characters; longer ones (an HTML error page) are cut. */
const MAX_FIELD_CHARS = 300;

/**
 * Parses an RFC 7807 problem body. Tolerant: a missing, non-JSON or oddly shaped body gives a
 * problem with only `status` (always the HTTP status, which is what the client acts on).
 *
 * @param redact applied to every kept string, so that a server echoing the key cannot make it
 *   reach a message or a log
 */
export function parseProblem(
  status: number,
  body: string,
  redact: (text: string) => string = (text) => text,
): CativaProblem {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? undefined : JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const record =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? redact(value).slice(0, MAX_FIELD_CHARS) : undefined;
  return {
    status,
    type: text(record.type),
    title: text(record.title),
    detail: text(record.detail),
    traceId: text(record.traceId),
  };
}

/**
 * One-line description for messages: `503 Service.Unavailable "Service Unavailable"
 * (traceId 0HMV5JK6L6NPL:00000003)`. Omits what the problem does not have.
 */
export function describeProblem(problem: CativaProblem): string {
  const parts: string[] = [String(problem.status)];
  if (problem.type !== undefined) parts.push(problem.type);
  if (problem.title !== undefined) parts.push(JSON.stringify(problem.title));
  parts.push(`(traceId ${problem.traceId ?? 'none'})`);
  return parts.join(' ');
}
