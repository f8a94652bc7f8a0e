import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { awsPlan } from './audit/aws-plan.js';
import { fileBackend } from './audit/file-backend.js';
import { auditSection } from './audit/section.js';
import { bundleSection } from './bundle/section.js';
import { codeInfo, machineInfo } from './machine.js';
import { type BenchOptions, parseOptions, type SectionName } from './options.js';
import { compareResults, readResults } from './report/compare.js';
import { renderMarkdown } from './report/markdown.js';
import { type BenchResults, type CaseResult, failed } from './results.js';
import { rotationSection } from './rotation/section.js';
import { startupSection } from './startup/section.js';
import { evaluateTargets } from './targets.js';

/** The repository root: this file is `dist/bench/run.js`. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function runSection(
  name: SectionName,
  options: BenchOptions,
  work: string,
): Promise<CaseResult[]> {
  switch (name) {
    case 'audit':
      return auditSection(
        options,
        [
          {
            name: 'file',
            sizes: options.fileSizes,
            start: async () => fileBackend(join(work, 'audit'), options.concurrency),
          },
          awsPlan(options, join(work, 'audit-aws')),
        ],
        log,
      );
    case 'rotation':
      return rotationSection(options, join(work, 'rotation'), log);
    case 'startup':
      return startupSection(options, log);
    case 'bundle':
      return bundleSection(options, ROOT, join(work, 'bundle'), log);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseOptions(argv, join(ROOT, 'bench', 'results.json'));
  if (!options) return 0;
  // Read the older results first: a wrong path should fail before minutes of measuring.
  const before = options.compare ? await readResults(options.compare) : undefined;
  const started = new Date();
  const machine = machineInfo();
  const work = await mkdtemp(join(tmpdir(), 'cativa-keys-bench-'));
  const cases: CaseResult[] = [];
  try {
    for (const name of options.sections) {
      const t = performance.now();
      try {
        cases.push(...(await runSection(name, options, work)));
      } catch (error) {
        // A broken section (a server that would not start) must not cost the others.
        cases.push(failed(`${name}/(section)`, name, error));
      }
      log(`${name}: done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const results: BenchResults = {
    format: 1,
    startedAt: started.toISOString(),
    durationS: (Date.now() - started.getTime()) / 1000,
    machine,
    code: codeInfo(ROOT),
    options,
    cases,
    targets: evaluateTargets(cases),
  };
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(renderMarkdown(results));
  if (before) console.log(`\n${compareResults(before, results).join('\n')}`);
  log(`wrote ${options.out}`);
  return cases.some((c) => c.status === 'failed') ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  return 2;
});
