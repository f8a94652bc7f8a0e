import { compareResults, readResults } from './report/compare.js';

/** `node dist/bench/compare-cli.js BEFORE.json AFTER.json`: the change table of two saved runs. */
async function main(args: readonly string[]): Promise<number> {
  const [before, after] = args;
  if (!before || !after) {
    console.error('usage: node dist/bench/compare-cli.js BEFORE.json AFTER.json');
    return 2;
  }
  const lines = compareResults(await readResults(before), await readResults(after));
  console.log(lines.join('\n'));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
