import { readFile } from 'node:fs/promises';
import type { BenchResults } from '../results.js';
import { markdownTable } from './table.js';

/** Reads a results.json written by the bench. */
export async function readResults(path: string): Promise<BenchResults> {
  const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<BenchResults>;
  if (parsed.format !== 1 || !Array.isArray(parsed.cases)) {
    throw new Error(`${path} is not a bench results file (format 1)`);
  }
  return parsed as BenchResults;
}

const label = (r: BenchResults) => `${r.code.commit ?? '?'}${r.code.dirty ? '+' : ''}`;

/**
 * Compares the medians of every figure and call count that both results measured, case by case.
 * Changes within the runs' own spread are marked `~` (noise), not as a change.
 */
export function compareResults(before: BenchResults, after: BenchResults): string[] {
  const rows: string[][] = [];
  for (const next of after.cases) {
    const prev = before.cases.find((c) => c.id === next.id);
    if (prev?.status !== 'ok' || next.status !== 'ok') continue;
    const pairs = [
      ...Object.entries(next.figures).map(([k, s]) => [k, prev.figures[k], s] as const),
      ...Object.entries(next.calls ?? {}).map(
        ([k, s]) => [`calls: ${k}`, prev.calls?.[k], s] as const,
      ),
    ];
    for (const [name, old, now] of pairs) {
      if (!old) continue;
      const change = old.median === 0 ? 0 : (now.median - old.median) / old.median;
      const overlap = now.min <= old.max && old.min <= now.max;
      if (name.startsWith('calls: ') && old.median === now.median) continue;
      rows.push([
        next.id,
        name,
        old.median.toFixed(1),
        now.median.toFixed(1),
        `${change >= 0 ? '+' : ''}${(change * 100).toFixed(0)}%${overlap ? ' ~' : ''}`,
      ]);
    }
  }
  const machineNote =
    before.machine.cpuModel !== after.machine.cpuModel || before.machine.node !== after.machine.node
      ? [
          '',
          `Different machines or Node versions: ${before.machine.cpuModel} / ${before.machine.node} vs ${after.machine.cpuModel} / ${after.machine.node}.`,
        ]
      : [];
  return [
    `## Compared with ${label(before)} (before) -> ${label(after)} (after)`,
    '',
    ...markdownTable(['case', 'figure', 'before', 'after', 'change (~: ranges overlap)'], rows),
    'Call counts are listed only where they changed.',
    ...machineNote,
  ];
}
