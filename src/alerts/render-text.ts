import type { AlertDigest, AlertItem } from './digest-types.js';

/** `131 days old`, `~131 days old (estimated)`, or `age unknown`. */
export function ageText(item: Pick<AlertItem, 'ageDays' | 'ageEstimated'>): string {
  if (item.ageDays === undefined) return 'age unknown';
  const days = `${item.ageDays} day${item.ageDays === 1 ? '' : 's'} old`;
  return item.ageEstimated ? `~${days} (estimated)` : days;
}

/** The lines of one item, for plain-text channels. */
export function itemLines(item: AlertItem): string[] {
  const fp = item.fingerprint ? `, key ${item.fingerprint}` : '';
  const lines = [`- ${item.key} (tenant ${item.tenant}): ${item.status}, ${ageText(item)}${fp}`];
  for (const f of item.findings) {
    const where = f.location ? ` [${f.location}]` : '';
    const trace = f.traceId ? ` (traceId ${f.traceId})` : '';
    lines.push(`    ${f.status}${where}: ${f.message}${trace}`);
  }
  lines.push(`    locations: ${item.locations.join(', ')}`);
  if (item.fix) lines.push(`    fix: ${item.fix}`);
  return lines;
}

/**
 * The digest as plain text (SNS e-mail and SMS subscribers, logs): a title, then each severity
 * group with its keys. `maxChars` bounds the size; keys that do not fit are counted at the end.
 */
export function renderText(digest: AlertDigest, maxChars = 200_000): string {
  const head = [
    digest.title,
    digest.type === 'cativa-keys.audit.digest'
      ? `Audit of ${digest.keysAudited} key(s) at ${digest.generatedAt} (${digest.source}).`
      : `Rotation failure at ${digest.generatedAt} (${digest.source}).`,
  ];
  const body: string[] = [];
  let size = head.join('\n').length;
  let left = digest.groups.reduce((n, g) => n + g.items.length, 0);
  for (const group of digest.groups) {
    const heading = ['', `${group.severity.toUpperCase()} (${group.items.length})`];
    for (const [i, item] of group.items.entries()) {
      const lines = i === 0 ? [...heading, ...itemLines(item)] : itemLines(item);
      const chunk = lines.join('\n').length + 1;
      if (size + chunk > maxChars - 200) break;
      body.push(...lines);
      size += chunk;
      left -= 1;
    }
  }
  if (left > 0)
    body.push('', `...and ${left} more key(s): run 'cativa-keys audit' for all of them.`);
  return [...head, ...body].join('\n');
}
