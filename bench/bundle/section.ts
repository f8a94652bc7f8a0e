import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { timedSpawn } from '../child-process.js';
import type { BenchOptions } from '../options.js';
import { type CaseResult, failed, notAvailable } from '../results.js';
import { type Summary, summarize } from '../stats.js';
import { externalPackages, reachableFiles } from './reachable.js';
import { zipSize } from './zip-size.js';

const WITHOUT = 'bundle/audit handler without 1Password SDK';
const WITH = 'bundle/audit handler with 1Password SDK';
/** What serverless.yml ships of the 1Password SDK (it is never bundled: a WASM core). */
const SDK_DIRS = ['node_modules/@1password/sdk', 'node_modules/@1password/sdk-core'];

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function bytesOf(files: readonly string[]): Promise<number> {
  let total = 0;
  for (const f of files) total += (await stat(f)).size;
  return total;
}

/**
 * Times `import()` of the bundle in fresh processes, `runs` times after one warm-up (the file
 * cache then holds the files, as on a warm Lambda host; the process itself is cold). With the
 * SDK, the 1Password SDK is imported too, as the first 1Password location would.
 */
async function coldImports(
  dir: string,
  entry: string,
  runs: number,
  withSdk: boolean,
): Promise<Summary> {
  const code = [
    'const t = performance.now();',
    `await import(${JSON.stringify(entry)});`,
    withSdk ? "await import('@1password/sdk');" : '',
    'process.stdout.write(String(performance.now() - t));',
  ].join('\n');
  const times: number[] = [];
  for (let r = -1; r < runs; r++) {
    const run = await timedSpawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: dir,
    });
    if (run.code !== 0) throw new Error(`importing the bundle failed: ${run.stderr.slice(-500)}`);
    if (r >= 0) times.push(Number(run.stdout));
  }
  return summarize(times);
}

/**
 * The Lambda bundle as `scripts/build-lambda.mjs` builds it (esbuild; AWS SDK external, as the
 * runtime provides it; 1Password SDK external, shipped from node_modules): the audit handler and
 * every chunk it can load, zipped, then the same plus the 1Password SDK's files; and the cold
 * import of each.
 */
export async function bundleSection(
  options: BenchOptions,
  root: string,
  _work: string,
  log: (line: string) => void,
): Promise<CaseResult[]> {
  const script = join(root, 'scripts', 'build-lambda.mjs');
  if (!(await exists(script))) {
    const reason = 'scripts/build-lambda.mjs (the Lambda issue) has not landed';
    return [notAvailable(WITHOUT, 'bundle', reason), notAvailable(WITH, 'bundle', reason)];
  }
  try {
    // Inside the repository, so the external packages resolve from node_modules.
    const outdir = join(root, 'dist', 'bench', 'lambda');
    log('bundle: building with scripts/build-lambda.mjs');
    const build = await timedSpawn(process.execPath, [script, '--outdir', outdir], { cwd: root });
    if (build.code !== 0) throw new Error(`build-lambda failed: ${build.stderr.slice(-500)}`);
    const entry = join(outdir, 'audit-handler.mjs');
    const code = await reachableFiles(entry);
    const maps = (
      await Promise.all(code.map(async (f) => ((await exists(`${f}.map`)) ? [`${f}.map`] : [])))
    ).flat();
    const sdk = (await Promise.all(SDK_DIRS.map((d) => filesUnder(join(root, d))))).flat();
    const kb = (bytes: number) => summarize([bytes / 1000]);
    log(`bundle: ${code.length} files; cold imports, ${options.startupRuns} run(s) each`);
    const details = {
      files: code.length,
      externals: (await externalPackages(code)).join(', '),
      kb: '1 KB = 1000 bytes; zipped = deflate level 9 plus zip headers',
    };
    return [
      {
        id: WITHOUT,
        section: 'bundle',
        status: 'ok',
        figures: {
          zippedKb: kb(await zipSize(root, code)),
          zippedWithMapsKb: kb(await zipSize(root, [...code, ...maps])),
          rawKb: kb(await bytesOf(code)),
          coldImportMs: await coldImports(outdir, entry, options.startupRuns, false),
        },
        details,
      },
      {
        id: WITH,
        section: 'bundle',
        status: 'ok',
        figures: {
          zippedKb: kb(await zipSize(root, [...code, ...sdk])),
          zippedWithMapsKb: kb(await zipSize(root, [...code, ...maps, ...sdk])),
          rawKb: kb(await bytesOf([...code, ...sdk])),
          coldImportMs: await coldImports(outdir, entry, options.startupRuns, true),
        },
        details: { ...details, sdkFiles: sdk.length },
      },
    ];
  } catch (error) {
    return [failed(WITHOUT, 'bundle', error), failed(WITH, 'bundle', error)];
  }
}
