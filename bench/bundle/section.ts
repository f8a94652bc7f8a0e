import type { BenchOptions } from '../options.js';
import { type CaseResult, notAvailable } from '../results.js';

/** Lambda bundle size and cold import: waits for the Lambda issue's esbuild bundling. */
export async function bundleSection(
  _options: BenchOptions,
  _root: string,
  _work: string,
  _log: (line: string) => void,
): Promise<CaseResult[]> {
  const reason = "the Lambda issue's esbuild bundling of the audit handler has not landed";
  return ['without', 'with'].map((w) =>
    notAvailable(`bundle/audit handler ${w} 1Password SDK`, 'bundle', reason),
  );
}
