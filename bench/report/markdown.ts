import type { BenchResults, CaseResult } from '../results.js';
import { formatSummary, type Summary } from '../stats.js';
import { markdownTable } from './table.js';

const ms = (s: Summary | undefined) => (s ? formatSummary(s, 'ms') : '-');
const count = (s: Summary | undefined) =>
  !s ? '0' : s.min === s.max ? String(s.median) : `${s.median} (${s.min}–${s.max})`;

/** `cativa GET /auth/me 1000, aws ListSecrets 10`: calls of the kinds starting with `prefix`. */
function calls(c: CaseResult, prefixes: readonly string[]): string {
  const parts = Object.entries(c.calls ?? {})
    .filter(([k]) => prefixes.some((p) => k.startsWith(p)))
    .map(([k, s]) => `${k.replace(/^(cativa GET|adapter) /, '')} ${count(s)}`);
  return parts.length ? parts.join(', ') : '-';
}

function auditLines(cases: readonly CaseResult[]): string[] {
  const ok = cases.filter((c) => c.status === 'ok');
  const rows = ok.map((c) => {
    const d = c.details ?? {};
    const ratio = typeof d.wallOverFloor === 'number' ? `${d.wallOverFloor.toFixed(2)}x` : '-';
    return [
      String(d.vault),
      String(d.keys),
      `${d.latencyMs} ms`,
      ms(c.figures.wallMs),
      c.figures.vaultPhaseMs ? `${c.figures.vaultPhaseMs.median.toFixed(0)} ms` : '-',
      `${Math.round(Number(d.floorMs))} ms`,
      ratio,
      c.figures.peakRssMb ? formatSummary(c.figures.peakRssMb, 'MB') : '-',
      calls(c, ['cativa ']),
      calls(c, ['aws ', 'doppler ']),
      calls(c, ['adapter ']),
    ];
  });
  const floors = ok
    .filter((c) => Number(c.details?.floorMs) > 0)
    .map((c) => `- ${c.id}: floor = ${c.details?.floorFormula}`);
  return [
    '## Audit scaling',
    '',
    ...markdownTable(
      [
        'vault',
        'keys',
        'latency',
        'wall (median, min–max)',
        'of which vault reads',
        'floor',
        'wall/floor',
        'peak RSS',
        'Cativa calls',
        'vault calls',
        'adapter calls',
      ],
      rows,
    ),
    '',
    'Floor = (parallel round trips / concurrency + sequential round trips) x latency:',
    ...floors,
  ];
}

function rotationLines(cases: readonly CaseResult[]): string[] {
  const rows = cases
    .filter((c) => c.status === 'ok')
    .flatMap((c) =>
      Object.keys(c.figures).map((figure) => {
        const step = figure.replace(/Ms$/, '');
        const stepCalls = Object.entries(c.calls ?? {})
          .filter(([k]) => k.startsWith(`${step}: `))
          .map(([k, s]) => `${k.slice(step.length + 2).replace(/^cativa GET /, '')} ${count(s)}`);
        return [
          String(c.details?.locations),
          `${c.details?.latencyMs} ms`,
          step,
          ms(c.figures[figure]),
          stepCalls.join(', ') || '-',
        ];
      }),
    );
  return [
    '## Rotation (file-vault primary, then the replicas)',
    '',
    ...markdownTable(
      ['locations', 'latency', 'step', 'wall (median, min–max)', 'remote and adapter calls'],
      rows,
    ),
  ];
}

function startupLines(cases: readonly CaseResult[]): string[] {
  const rows = cases
    .filter((c) => c.status === 'ok')
    .map((c) => [
      c.id.replace(/^startup\//, ''),
      ms(c.figures.wallMs),
      `${Number(c.details?.overNodeBaseline).toFixed(2)}x`,
    ]);
  return [
    '## Start-up (whole processes)',
    '',
    ...markdownTable(['command', 'wall (median, min–max)', 'vs node -e 0'], rows),
  ];
}

function bundleLines(cases: readonly CaseResult[]): string[] {
  const rows = cases
    .filter((c) => c.status === 'ok')
    .map((c) => [
      c.id.replace(/^bundle\//, ''),
      c.figures.zippedKb ? `${c.figures.zippedKb.median.toFixed(0)} KB` : '-',
      c.figures.zippedWithMapsKb ? `${c.figures.zippedWithMapsKb.median.toFixed(0)} KB` : '-',
      c.figures.rawKb ? `${c.figures.rawKb.median.toFixed(0)} KB` : '-',
      ms(c.figures.coldImportMs),
    ]);
  return [
    '## Lambda bundle',
    '',
    ...markdownTable(
      ['bundle', 'zipped', 'zipped with source maps', 'unzipped', 'cold import (median, min–max)'],
      rows,
    ),
  ];
}

/** The whole report for stdout. */
export function renderMarkdown(results: BenchResults): string {
  const of = (section: string) => results.cases.filter((c) => c.section === section);
  const m = results.machine;
  const lines = [
    `# cativa-keys bench (${results.code.commit ?? 'unknown commit'}${results.code.dirty ? ', uncommitted changes' : ''})`,
    '',
    `${m.cpuCount} x ${m.cpuModel}, Node ${m.node}, load ${m.loadAvg1m.toFixed(2)} at start; ` +
      `${results.options.runs} run(s) per case${results.options.quick ? ' (--quick)' : ''}; ` +
      `took ${results.durationS.toFixed(0)} s`,
    '',
  ];
  const sections: [string, (c: readonly CaseResult[]) => string[]][] = [
    ['audit', auditLines],
    ['rotation', rotationLines],
    ['startup', startupLines],
    ['bundle', bundleLines],
  ];
  for (const [name, render] of sections) {
    const cases = of(name);
    if (cases.some((c) => c.status === 'ok')) lines.push(...render(cases), '');
  }
  const absent = results.cases.filter((c) => c.status !== 'ok');
  if (absent.length > 0) {
    lines.push('## Not measured', '');
    for (const c of absent) {
      const label = c.status === 'not-available' ? 'not available' : 'FAILED';
      lines.push(`- ${c.id}: ${label}: ${c.reason}`);
    }
    lines.push('');
  }
  lines.push(
    '## Targets (issue #8)',
    '',
    ...markdownTable(
      ['target', 'measured', 'verdict'],
      results.targets.map((t) => [t.target, t.measured, t.verdict]),
    ),
  );
  return lines.join('\n');
}
