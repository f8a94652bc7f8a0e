import { formatFingerprint } from '../secret.js';
import type { AuditReport, KeyReport } from './types.js';

function ageText(report: KeyReport): string {
  if (report.ageDays === undefined) return '?';
  return `${report.ageEstimated ? '~' : ''}${Math.floor(report.ageDays)}d`;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * The audit as people read it: one row per key (name, tenant, age, status, fingerprint of the
 * primary's current key, locations), then each finding, then what to run next.
 */
export function formatAuditReport(report: AuditReport): string[] {
  const rows = [
    ['KEY', 'TENANT', 'AGE', 'STATUS', 'FINGERPRINT', 'LOCATIONS'],
    ...report.keys.map((k) => [
      k.name,
      k.tenant,
      ageText(k),
      k.status,
      k.fingerprint ? k.fingerprint.hint : '-',
      k.locations.map((l) => l.label).join(', '),
    ]),
  ];
  const lines = table(rows);
  const withFindings = report.keys.filter((k) => k.findings.length > 0);
  if (withFindings.length > 0) {
    lines.push('', 'Findings:');
    for (const k of withFindings) {
      lines.push(`  ${k.name}`);
      for (const f of k.findings) {
        const where = f.location ? ` [${f.location}]` : '';
        const trace = f.traceId ? ` (traceId ${f.traceId})` : '';
        lines.push(`    - ${f.status}${where}: ${f.message}${trace}`);
      }
      if (k.next) lines.push(`    next: ${k.next}`);
    }
  }
  const counts = Object.entries(report.summary)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  lines.push('', `${report.keys.length} key(s) audited: ${counts}`);
  return lines;
}

/** One line per location with its fingerprint, for `status` and drift details. */
export function formatLocations(report: KeyReport): string[] {
  return report.locations.map(
    (l) =>
      `  ${l.role === 'primary' ? '*' : ' '} ${l.label}: ${
        l.error
          ? `unreadable (${l.error})`
          : l.fingerprint
            ? formatFingerprint(l.fingerprint)
            : 'empty'
      }`,
  );
}
