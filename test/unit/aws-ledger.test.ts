import { describe, expect, it } from 'vitest';
import {
  type Ledger,
  ledgerKeys,
  ledgerTags,
  MAX_ENTRIES,
  readLedger,
  recordStored,
} from '../../providers/aws/ledger.js';

const keys = ledgerKeys('cativa-keys:', { provider: 'aws', secretId: 's' });
const sha = (n: number) => n.toString(16).padStart(12, '0');
const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000);
const EMPTY: Ledger = { stored: new Map(), rotated: undefined };

describe('Function: recordStored', () => {
  it('keeps the first time of a value rewritten, and replaces it on promotion', () => {
    const first = recordStored(EMPTY, sha(1), at(1), 'keep') as Ledger;
    expect(recordStored(first, sha(1), at(2), 'keep')).toBeUndefined();
    expect(recordStored(first, sha(1), at(2), 'replace')?.stored.get(sha(1))).toEqual(at(2));
  });

  it('drops the oldest entries first, but never one still held in a slot', () => {
    let ledger = EMPTY;
    for (let n = 1; n <= MAX_ENTRIES; n += 1) {
      ledger = recordStored(ledger, sha(n), at(n), 'keep') as Ledger;
    }
    const next = recordStored(ledger, sha(99), at(99), 'keep', [sha(1)]) as Ledger;
    expect([...next.stored.keys()]).toEqual([sha(99), sha(5), sha(4), sha(3), sha(1)]);
  });
});

describe('Function: readLedger', () => {
  it('reads back what ledgerTags wrote, and ignores malformed entries', () => {
    const ledger: Ledger = {
      stored: new Map([[sha(1), at(1)]]),
      rotated: { sha256: sha(1), at: at(1) },
    };
    const tags = ledgerTags(ledger, keys);
    expect(tags.every((t) => (t.Value ?? '').length <= 256)).toBe(true);
    expect(readLedger(tags, keys)).toEqual(ledger);
    const noisy = [
      { Key: keys.stored, Value: `junk ${sha(2)}@not-a-date ${sha(3)}@${at(3).toISOString()}` },
    ];
    expect([...readLedger(noisy, keys).stored.keys()]).toEqual([sha(3)]);
  });

  it('fits the longest ledger in an AWS tag value', () => {
    let ledger = EMPTY;
    for (let n = 1; n <= MAX_ENTRIES + 3; n += 1) {
      ledger = recordStored(ledger, sha(n), at(n), 'keep') as Ledger;
    }
    expect(ledgerTags(ledger, keys)[0]?.Value?.length).toBeLessThanOrEqual(256);
  });
});

describe('Function: ledgerKeys', () => {
  it('gives each field its own tags, hashing names AWS refuses in tag keys', () => {
    expect(ledgerKeys('p:', { provider: 'aws', secretId: 's', field: 'apiKey' }).stored).toBe(
      'p:stored-at/apiKey',
    );
    expect(ledgerKeys('p:', { provider: 'aws', secretId: 's', field: 'api key!' }).stored).toMatch(
      /^p:stored-at\/sha256-[0-9a-f]{16}$/,
    );
  });
});
