import { createHash } from 'node:crypto';
import type { Tag } from '@aws-sdk/client-secrets-manager';
import type { AwsLocation } from './config.js';

/**
 * What the tool records on a secret, in two tags per location (AWS keeps no such times itself:
 * a version's `CreatedDate` moves whenever the same value is written again):
 * - `<prefix>stored-at[/<field>]`: when each recent key value was first stored here, as
 *   `<sha256 prefix>@<ISO instant>` entries, newest first (at most {@link MAX_ENTRIES});
 * - `<prefix>rotated-at[/<field>]`: `<sha256 prefix>@<ISO instant>` of the last promotion.
 * Entries are keyed by the fingerprint's SHA-256 prefix, which the design allows to be shown,
 * so a value's time survives label moves and rewrites of other fields of a JSON secret.
 */
export interface Ledger {
  /** SHA-256 prefix (fingerprint) -> when that value was first stored here. */
  readonly stored: ReadonlyMap<string, Date>;
  /** The last promotion by the tool: which value and when. */
  readonly rotated: { readonly sha256: string; readonly at: Date } | undefined;
}

/** Entries kept in the stored-at tag: 5 x 38 characters fit AWS's 256-character tag values. */
export const MAX_ENTRIES = 5;

/** The two tag keys of a location. */
export interface LedgerKeys {
  readonly stored: string;
  readonly rotated: string;
}

const TAG_SAFE = /^[A-Za-z0-9_.:/=+@-]{1,60}$/;

/** Tag keys of a location; fields with characters AWS refuses in tag keys are hashed. */
export function ledgerKeys(prefix: string, location: AwsLocation): LedgerKeys {
  const field = location.field;
  const suffix =
    field === undefined
      ? ''
      : `/${TAG_SAFE.test(field) ? field : `sha256-${createHash('sha256').update(field).digest('hex').slice(0, 16)}`}`;
  return { stored: `${prefix}stored-at${suffix}`, rotated: `${prefix}rotated-at${suffix}` };
}

const ENTRY = /^([0-9a-f]{12})@(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)$/;

function parseEntry(text: string): { sha256: string; at: Date } | undefined {
  const match = ENTRY.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const at = new Date(match[2]);
  return Number.isNaN(at.getTime()) ? undefined : { sha256: match[1], at };
}

const entryText = (sha256: string, at: Date) => `${sha256}@${at.toISOString()}`;

/** Reads a location's ledger from the secret's tags; malformed entries are ignored. */
export function readLedger(tags: readonly Tag[] | undefined, keys: LedgerKeys): Ledger {
  const value = (key: string) => tags?.find((t) => t.Key === key)?.Value;
  const stored = new Map<string, Date>();
  for (const part of (value(keys.stored) ?? '').split(' ')) {
    const entry = parseEntry(part);
    if (entry && !stored.has(entry.sha256)) stored.set(entry.sha256, entry.at);
  }
  const rotated = parseEntry(value(keys.rotated) ?? '');
  return { stored, rotated };
}

/**
 * The ledger after storing value `sha256` at `at`. `keep`: a value already recorded keeps its
 * time (rewriting a value must not reset its age); `replace`: the time is replaced (promotion
 * starts the key's age). Beyond {@link MAX_ENTRIES}, the oldest entries go first, except those of
 * values still held in a slot (`inUse`). Returns undefined when nothing changes.
 */
export function recordStored(
  ledger: Ledger,
  sha256: string,
  at: Date,
  mode: 'keep' | 'replace',
  inUse: readonly string[] = [],
): Ledger | undefined {
  const known = ledger.stored.get(sha256);
  if (known && (mode === 'keep' || known.getTime() === at.getTime())) return undefined;
  const entries: Array<[string, Date]> = [
    [sha256, at],
    ...[...ledger.stored].filter(([sha]) => sha !== sha256),
  ];
  while (entries.length > MAX_ENTRIES) {
    const spare = entries.findLastIndex(([sha]) => sha !== sha256 && !inUse.includes(sha));
    entries.splice(spare === -1 ? entries.length - 1 : spare, 1);
  }
  return { ...ledger, stored: new Map(entries) };
}

/** The ledger's tags, to write with `TagResource` (or `CreateSecret`). */
export function ledgerTags(ledger: Ledger, keys: LedgerKeys): Tag[] {
  const tags: Tag[] = [
    {
      Key: keys.stored,
      Value: [...ledger.stored].map(([sha, at]) => entryText(sha, at)).join(' '),
    },
  ];
  if (ledger.rotated) {
    tags.push({ Key: keys.rotated, Value: entryText(ledger.rotated.sha256, ledger.rotated.at) });
  }
  return tags;
}
