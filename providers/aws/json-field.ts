/**
 * One top-level field of a JSON object held as text, read and replaced without touching the rest
 * of the text: the other fields keep their exact bytes (numbers beyond 2^53, key order, spacing),
 * which a parse-and-stringify round trip would not guarantee.
 */

/** Where one top-level member's value sits in the text (`start` inclusive, `end` exclusive). */
interface Member {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

/** The result of parsing a `SecretString` as a JSON object. */
export type ParsedObject =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  | { readonly ok: false };

/** Parses `text` as a JSON object. Never throws: parse errors quote the input, which is a secret. */
export function parseObject(text: string): ParsedObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false };
  return { ok: true, value: value as Record<string, unknown> };
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\r' || c === '\t';

function skipSpace(text: string, i: number): number {
  let j = i;
  while (isSpace(text[j])) j += 1;
  return j;
}

/** End (exclusive) of the string literal starting at `i`. */
function endOfString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** End (exclusive) of the JSON value starting at `i`. */
function endOfValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return endOfString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const d = text[j];
      if (d === '"') {
        j = endOfString(text, j);
        continue;
      }
      if (d === '{' || d === '[') depth += 1;
      if (d === '}' || d === ']') depth -= 1;
      j += 1;
      if (depth === 0) return j;
    }
    return j;
  }
  let j = i;
  while (j < text.length && !isSpace(text[j]) && text[j] !== ',' && text[j] !== '}') j += 1;
  return j;
}

/** The top-level members of a text that {@link parseObject} accepted. */
function membersOf(text: string): Member[] {
  const members: Member[] = [];
  let i = skipSpace(text, 0) + 1;
  for (;;) {
    i = skipSpace(text, i);
    if (text[i] !== '"') return members;
    const keyEnd = endOfString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const start = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = endOfValue(text, start);
    members.push({ key, start, end });
    i = skipSpace(text, end);
    if (text[i] === ',') i += 1;
  }
}

/**
 * Sets `field` to the string `value` in the JSON object `text` (or in a new object when `text` is
 * undefined). JSON.parse keeps the last of duplicate keys, so the last occurrence is replaced.
 * The caller has checked `text` with {@link parseObject}.
 */
export function withField(text: string | undefined, field: string, value: string): string {
  const encoded = JSON.stringify(value);
  if (text === undefined) return `{${JSON.stringify(field)}:${encoded}}`;
  const members = membersOf(text);
  const target = members.filter((m) => m.key === field).at(-1);
  if (target) return text.slice(0, target.start) + encoded + text.slice(target.end);
  const last = members.at(-1);
  const member = `${JSON.stringify(field)}:${encoded}`;
  if (last) return `${text.slice(0, last.end)},${member}${text.slice(last.end)}`;
  const open = skipSpace(text, 0) + 1;
  return text.slice(0, open) + member + text.slice(open);
}

/** True when two JSON object texts are the same apart from `field`'s value. */
export function sameApartFrom(a: string, b: string, field: string): boolean {
  return withField(a, field, '') === withField(b, field, '');
}
