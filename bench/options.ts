import { parseArgs } from 'node:util';

/** The bench's sections, in the order they run. */
export const SECTIONS = ['audit', 'rotation', 'startup', 'bundle'] as const;
export type SectionName = (typeof SECTIONS)[number];

/** What one `npm run bench` measures. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly sections: readonly SectionName[];
  /** Keys per file-vault audit case. */
  readonly fileSizes: readonly number[];
  /** Keys per AWS (moto) audit case. */
  readonly awsSizes: readonly number[];
  /** Injected latency per remote call, in milliseconds. */
  readonly latencies: readonly number[];
  /** Repetitions of each audit and rotation case. */
  readonly runs: number;
  /** Repetitions of each start-up and cold-import measurement. */
  readonly startupRuns: number;
  /** The audit's `audit.concurrency`. */
  readonly concurrency: number;
  /** Where results.json goes. */
  readonly out: string;
  /** A previous results.json to compare with. */
  readonly compare: string | undefined;
}

const USAGE = `npm run bench -- [options]
  --quick              small sizes and few runs: a smoke test of every section (about a minute)
  --only LIST          sections to run, comma-separated: ${SECTIONS.join(',')}
  --sizes LIST         keys per file-vault audit case (default 100,1000,10000)
  --aws-sizes LIST     keys per AWS audit case (default 100,1000)
  --latency LIST       injected latency per remote call, ms (default 0,50)
  --runs N             repetitions of each audit and rotation case (default 3)
  --startup-runs N     repetitions of each start-up measurement (default 10)
  --concurrency N      audit.concurrency (default 16, the config's default)
  --out FILE           where to write the results (default bench/results.json)
  --compare FILE       an older results.json: adds a table of changes
  --help`;

function numbers(flag: string, text: string): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error(`${flag} takes whole numbers separated by commas, e.g. 100,1000`);
  }
  return values;
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes a whole number >= 1`);
  return n;
}

/** Parses the command line; returns undefined after printing the usage for `--help`. */
export function parseOptions(
  argv: readonly string[],
  defaultOut: string,
): BenchOptions | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      sizes: { type: 'string' },
      'aws-sizes': { type: 'string' },
      latency: { type: 'string' },
      runs: { type: 'string' },
      'startup-runs': { type: 'string' },
      concurrency: { type: 'string' },
      out: { type: 'string' },
      compare: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const quick = values.quick === true;
  const sections = values.only
    ? values.only.split(',').map((s) => {
        const name = s.trim() as SectionName;
        if (!SECTIONS.includes(name)) throw new Error(`--only: unknown section '${s}'`);
        return name;
      })
    : SECTIONS;
  return {
    quick,
    sections,
    fileSizes: values.sizes ? numbers('--sizes', values.sizes) : quick ? [100] : [100, 1000, 10000],
    awsSizes: values['aws-sizes']
      ? numbers('--aws-sizes', values['aws-sizes'])
      : quick
        ? [100]
        : [100, 1000],
    latencies: values.latency ? numbers('--latency', values.latency) : [0, 50],
    runs: values.runs ? positive('--runs', values.runs) : quick ? 2 : 3,
    startupRuns: values['startup-runs']
      ? positive('--startup-runs', values['startup-runs'])
      : quick
        ? 3
        : 10,
    concurrency: values.concurrency ? positive('--concurrency', values.concurrency) : 16,
    out: values.out ?? defaultOut,
    compare: values.compare,
  };
}
