import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { startCativaSimulator } from '../../src/cativa/simulator.js';
import {
  SIM_ACCESS_TOKEN_PREFIX,
  SIM_REFRESH_TOKEN_PREFIX,
} from '../../src/cativa/simulator-auth-me.js';
import type { CativaSimulator } from '../../src/cativa/simulator-types.js';
import type { Clock } from '../../src/clock.js';
import { type DemoFiles, seedDemo } from '../../src/demo/scenario.js';
import { type Receiver, startReceiver } from './receiver.js';

/** Env var names the bench's config uses for alert secrets. */
export const BENCH_ENV = {
  slackUrl: 'CK_TEST_SLACK_WEBHOOK_URL',
  hookUrl: 'CK_TEST_WEBHOOK_URL',
  hookSecret: 'CK_TEST_WEBHOOK_SECRET',
} as const;

/** The HMAC secret of the bench's webhook channel. */
export const BENCH_HMAC_SECRET = 'whsec-test-0123456789abcdef0123456789abcdef';

/** A seeded demo (every status), an unreadable vault for one more key, and two receivers. */
export interface AlertBench {
  readonly sim: CativaSimulator;
  readonly dir: string;
  readonly demo: DemoFiles;
  readonly configPath: string;
  readonly slack: Receiver;
  readonly hook: Receiver;
  /** Slack's webhook URL: its path is the credential. */
  readonly slackUrl: string;
  /** The generic webhook URL, with a token in its query. */
  readonly hookUrl: string;
  /** Env vars that hold the alert secrets. */
  readonly env: Record<string, string>;
  /** Every string that must never appear in an alert or a log line. */
  readonly canaries: readonly string[];
  close(): Promise<void>;
}

/** Options of {@link startAlertBench}. */
export interface AlertBenchOptions {
  readonly clock: Clock;
  /** Added as an `sns` channel when set. */
  readonly topicArn?: string;
  /** Merged over the bench's `alerts:` settings. */
  readonly alerts?: Record<string, unknown>;
}

/**
 * Seeds the demo (one key per audit status, a rotation pending for a day), adds a key whose
 * vault file is corrupt (`unreachable`), and configures Slack and a signed webhook on local
 * receivers (plus SNS when a topic is given), with fast retries.
 */
export async function startAlertBench(options: AlertBenchOptions): Promise<AlertBench> {
  const sim = await startCativaSimulator();
  const dir = await mkdtemp(join(tmpdir(), 'ck-alerts-'));
  const demo = await seedDemo(sim, dir, options.clock);
  const [slack, hook] = await Promise.all([startReceiver(), startReceiver()]);
  await writeFile(join(dir, 'broken.vault.json'), '{ this is not json', { mode: 0o600 });
  const config = parse(await readFile(demo.configPath, 'utf8')) as Record<string, unknown>;
  (config.keys as unknown[]).push({
    name: 'Broken vault key',
    tenant: 'Acme Robotics',
    locations: [{ provider: 'file', entry: 'broken', path: 'broken.vault.json' }],
  });
  config.alerts = {
    minSeverity: 'info',
    rotationStuckAfterHours: 12,
    retries: 2,
    retryBaseMs: 1,
    timeoutMs: 5000,
    channels: [
      { type: 'slack', name: 'team-slack', webhookUrlEnv: BENCH_ENV.slackUrl },
      {
        type: 'webhook',
        name: 'pager',
        urlEnv: BENCH_ENV.hookUrl,
        secretEnv: BENCH_ENV.hookSecret,
      },
      ...(options.topicArn ? [{ type: 'sns', name: 'ops-topic', topicArn: options.topicArn }] : []),
    ],
    ...options.alerts,
  };
  const configPath = join(dir, 'alerts.yaml');
  await writeFile(configPath, stringify(config), { mode: 0o600 });

  const slackUrl = `${slack.url}/services/T0CATIVA/B0ALERTS/slackPathToken0123456789`;
  const hookUrl = `${hook.url}/hooks/cativa?token=hookQueryToken0123456789`;
  const vault = await readFile(demo.vaultPath, 'utf8');
  const keys = [...new Set(vault.match(/cativa_live_[0-9a-f]{32}/g) ?? [])];
  expect(keys.length).toBeGreaterThanOrEqual(demo.keys.length);
  return {
    sim,
    dir,
    demo,
    configPath,
    slack,
    hook,
    slackUrl,
    hookUrl,
    env: {
      [BENCH_ENV.slackUrl]: slackUrl,
      [BENCH_ENV.hookUrl]: hookUrl,
      [BENCH_ENV.hookSecret]: BENCH_HMAC_SECRET,
    },
    canaries: [
      ...keys,
      // The hex body of each key, should it appear split from its prefix.
      ...keys.map((k) => k.slice('cativa_live_'.length, -4)),
      SIM_ACCESS_TOKEN_PREFIX,
      SIM_REFRESH_TOKEN_PREFIX,
      slackUrl,
      'slackPathToken0123456789',
      hookUrl,
      'hookQueryToken0123456789',
      BENCH_HMAC_SECRET,
    ],
    async close() {
      await Promise.all([sim.close(), slack.close(), hook.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Asserts that none of the canaries (nor a fingerprint hash) appears in `text`. */
export function expectNoCanary(text: string, canaries: readonly string[], where: string): void {
  for (const canary of canaries) {
    expect(text.includes(canary), `${where} contains a secret`).toBe(false);
  }
  expect(text, `${where} contains a fingerprint hash`).not.toMatch(/sha256:[0-9a-f]/);
}
