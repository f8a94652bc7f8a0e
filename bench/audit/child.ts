import { runAudit } from '../../src/audit/run-audit.js';
import type { AuditStatus } from '../../src/audit/types.js';
import { buildContext } from '../../src/cli/context.js';
import { processIo } from '../../src/cli/io.js';
import { countingProviderSet, type ReadSpan } from './counting-providers.js';

/** What one audit run in its own process reports to the bench. */
export interface AuditChildResult {
  /** Loading and validating the config, wiring providers and the client, in milliseconds. */
  readonly setupMs: number;
  /** `runAudit` alone, in milliseconds. */
  readonly auditMs: number;
  /** From the audit's start to the end of its last vault read, in milliseconds. */
  readonly vaultPhaseMs: number;
  /** Keys per status. */
  readonly summary: Readonly<Record<AuditStatus, number>>;
  /** Calls into our provider adapters, by `<provider> <method>`. */
  readonly providerCalls: Readonly<Record<string, number>>;
  /** The process's peak resident set size (`process.resourceUsage().maxRSS`), in MiB. */
  readonly peakRssMb: number;
}

/**
 * Entry point of one audit case: `node dist/bench/audit/child.js CONFIG`. Builds the same object
 * graph as `cativa-keys audit` and runs the audit once, in a fresh process so that its peak RSS
 * is the audit's alone. Sends an {@link AuditChildResult} to the parent.
 */
async function main(configPath: string): Promise<void> {
  const start = performance.now();
  const context = await buildContext(processIo(), { config: configPath });
  const providerCalls: Record<string, number> = {};
  const span: ReadSpan = {};
  const providers = countingProviderSet(context.providers, providerCalls, span);
  const ready = performance.now();
  const report = await runAudit(
    context.keys,
    { ...context, providers },
    { concurrency: context.loaded.config.audit.concurrency },
  );
  const done = performance.now();
  const result: AuditChildResult = {
    setupMs: ready - start,
    auditMs: done - ready,
    vaultPhaseMs: (span.end ?? ready) - ready,
    summary: report.summary,
    providerCalls,
    // maxRSS is in kibibytes.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(result);
}

const configPath = process.argv[2];
if (!configPath || !process.send) {
  console.error('usage: forked by the bench with the config path as its argument');
  process.exitCode = 2;
} else {
  await main(configPath);
}
