import type { Context, ScheduledEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlertDigest } from '../../src/alerts/digest-types.js';
import { verifyWebhook } from '../../src/alerts/webhook-signature.js';
import { systemClock } from '../../src/clock.js';
import { type AuditHandler, createAuditHandler } from '../../src/lambda/audit-handler.js';
import { type MotoServer, motoTestsEnabled, startMoto } from '../support/moto.js';
import { motoSns, sentNotifications } from '../support/moto-sns.js';
import {
  type AlertBench,
  BENCH_HMAC_SECRET,
  expectNoCanary,
  startAlertBench,
} from '../support/receiver-bench.js';

const withMoto = motoTestsEnabled();

function scheduledEvent(): ScheduledEvent<Record<string, never>> {
  return {
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: '2026-12-04T06:00:00Z',
    region: 'eu-west-1',
    resources: ['arn:aws:events:eu-west-1:123456789012:rule/cativa-keys-audit'],
    detail: {},
  };
}

function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'cativa-keys-test-audit',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:cativa-keys-test-audit',
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/cativa-keys-test-audit',
    logStreamName: '2026/12/04/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 300_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Captures what the Lambda would send to CloudWatch Logs (stdout and stderr). */
function captureOutput(): { lines: () => string[]; restore: () => void } {
  const chunks: string[] = [];
  const grab = (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(grab);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(grab);
  return {
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== ''),
    restore: () => {
      out.mockRestore();
      err.mockRestore();
    },
  };
}

/** The metrics of the EMF document among the output lines. */
function emfMetrics(lines: readonly string[]): Record<string, unknown> {
  const docs = lines
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown> & { _aws?: unknown })
    .filter((d) => d._aws !== undefined);
  expect(docs).toHaveLength(1);
  return docs[0] as Record<string, unknown>;
}

describe('Lambda: the scheduled audit handler', () => {
  let bench: AlertBench;
  let moto: MotoServer | undefined;
  let topicArn: string | undefined;
  let capture: ReturnType<typeof captureOutput> | undefined;

  beforeAll(async () => {
    if (withMoto) {
      moto = await startMoto();
      topicArn = (await motoSns(moto.endpoint).createTopic({ Name: 'cativa-keys-alerts' }))
        .TopicArn;
    }
    bench = await startAlertBench({ clock: systemClock, ...(topicArn ? { topicArn } : {}) });
  });

  afterAll(async () => {
    await bench?.close();
    await moto?.stop();
  });

  afterEach(() => {
    capture?.restore();
    capture = undefined;
    bench.slack.requests.length = 0;
    bench.hook.requests.length = 0;
    bench.slack.alwaysAnswer(undefined);
  });

  const handlerFor = (env: Record<string, string> = {}): AuditHandler =>
    createAuditHandler(() => ({
      env: { CATIVA_KEYS_CONFIG: bench.configPath, ...bench.env, ...env },
      cwd: bench.dir,
      clock: systemClock,
      ...(moto ? { sns: async () => motoSns((moto as MotoServer).endpoint) } : {}),
    }));

  it('publishes the right metrics and sends one digest per channel over a mix of keys', async () => {
    const handler = handlerFor();
    capture = captureOutput();
    const summary = await handler(scheduledEvent(), lambdaContext());
    const lines = capture.lines();
    capture.restore();

    const metrics = emfMetrics(lines);
    expect(metrics).toMatchObject({
      KeysAudited: 10,
      StaleKeys: 1,
      DueKeys: 1,
      DeadKeys: 1,
      ForbiddenKeys: 1,
      WrongTenantKeys: 1,
      DriftedKeys: 1,
      RetireOverdueKeys: 1,
      StuckRotations: 1,
      MaxKeyAgeDays: 131,
      AuditFailures: 1,
      AlertFailures: 0,
      AuditRuns: 1,
      service: 'cativa-keys',
    });
    expect(summary.channels.map((c) => [c.channel, c.ok, c.attempts])).toEqual(
      expect.arrayContaining([
        ['team-slack', true, 1],
        ['pager', true, 1],
        ...(moto ? [['ops-topic', true, 1]] : []),
      ]),
    );
    expect(summary.keysAudited).toBe(10);
    expect(summary.ok).toBe(false);

    expect(bench.slack.requests).toHaveLength(1);
    const slack = JSON.parse(bench.slack.requests[0]?.body ?? '{}') as {
      text: string;
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(slack.text).toBe('cativa-keys: 9 keys need attention (4 critical, 4 warning, 1 info)');
    const slackText = slack.blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(slackText).toContain("Fix: `cativa-keys rotate 'Migration 2026-Q2'`");
    expect(slackText.indexOf('*CRITICAL*')).toBeLessThan(slackText.indexOf('*WARNING*'));

    expect(bench.hook.requests).toHaveLength(1);
    const hook = bench.hook.requests[0];
    expect(
      verifyWebhook({
        secret: BENCH_HMAC_SECRET,
        body: hook?.body ?? '',
        timestamp: hook?.headers['x-cativa-keys-timestamp'] as string | undefined,
        signature: hook?.headers['x-cativa-keys-signature'] as string | undefined,
        now: new Date(),
      }),
    ).toBe(true);
    const digest = JSON.parse(hook?.body ?? '{}') as AlertDigest;
    expect(digest.groups.map((g) => g.severity)).toEqual(['critical', 'warning', 'info']);
    expect(digest.groups[0]?.items.map((i) => i.status)).toEqual([
      'stale',
      'dead',
      'wrong-tenant',
      'forbidden',
    ]);
    expect(digest.groups[1]?.items.map((i) => `${i.key}:${i.status}`)).toEqual([
      'Support bot:drift',
      'Broken vault key:unreachable',
      'Webhooks prod:retire-overdue',
      'Reporting:rotation-stuck',
    ]);
    const stale = digest.groups[0]?.items[0];
    expect(stale).toMatchObject({
      key: 'Migration 2026-Q2',
      tenant: 'Acme Robotics',
      ageDays: 131,
      fix: "cativa-keys rotate 'Migration 2026-Q2'",
    });
    expect(stale?.fingerprint).toMatch(/^cativa_live_…[0-9a-f]{4}$/);
    expect(stale?.locations).toEqual(['file:cativa-keys.vault.json#migration-2026-q2']);

    const payloads = [bench.slack.requests[0]?.body ?? '', hook?.body ?? ''];
    if (moto && topicArn) {
      const sent = await sentNotifications(moto.endpoint, topicArn);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.subject).toBe(digest.title);
      expect(sent[0]?.message).toContain("fix: cativa-keys rotate 'Migration 2026-Q2'");
      expect(sent[0]?.attributes.severity?.Value).toBe('critical');
      payloads.push(JSON.stringify(sent[0]));
    }
    for (const [i, p] of payloads.entries())
      expectNoCanary(p, bench.canaries, `alert payload ${i}`);
    for (const [i, l] of lines.entries()) expectNoCanary(l, bench.canaries, `log line ${i}`);
    expect(lines.some((l) => l.includes('"traceId"'))).toBe(true);
  });

  it('reports a failing channel without stopping the others', async () => {
    bench.slack.alwaysAnswer(503);
    const handler = handlerFor();
    capture = captureOutput();
    const summary = await handler(scheduledEvent(), lambdaContext());
    const lines = capture.lines();
    capture.restore();

    const slack = summary.channels.find((c) => c.channel === 'team-slack');
    expect(slack).toMatchObject({
      ok: false,
      attempts: 3,
      error: { code: 'ALERT_DELIVERY_FAILED', status: 503 },
    });
    expect(bench.slack.requests).toHaveLength(3);
    expect(summary.channels.filter((c) => c.ok).map((c) => c.channel)).toEqual(
      moto ? ['pager', 'ops-topic'] : ['pager'],
    );
    expect(bench.hook.requests).toHaveLength(1);
    expect(emfMetrics(lines)).toMatchObject({ AlertFailures: 1, AuditRuns: 1 });
    const failed = lines.filter((l) => l.includes('alert channel failed'));
    expect(failed).toHaveLength(1);
    expect(JSON.parse(failed[0] ?? '{}')).toMatchObject({ level: 'ERROR', channel: 'team-slack' });
    for (const [i, l] of lines.entries()) expectNoCanary(l, bench.canaries, `log line ${i}`);
  });

  it('reports a channel whose secret is missing from the environment', async () => {
    const handler = handlerFor({ CK_TEST_WEBHOOK_SECRET: '' });
    capture = captureOutput();
    const summary = await handler(scheduledEvent(), lambdaContext());
    capture.restore();
    expect(summary.channels.find((c) => c.channel === 'pager')).toMatchObject({
      ok: false,
      attempts: 1,
      error: {
        code: 'ALERT_CHANNEL_CONFIG',
        message: "alert channel 'pager': environment variable CK_TEST_WEBHOOK_SECRET is not set",
      },
    });
    expect(summary.channels.find((c) => c.channel === 'team-slack')?.ok).toBe(true);
  });

  it('counts a run that cannot load its config as an audit failure and throws a clean error', async () => {
    const handler = handlerFor({ CATIVA_KEYS_CONFIG: `${bench.dir}/missing.yaml` });
    capture = captureOutput();
    await expect(handler(scheduledEvent(), lambdaContext())).rejects.toMatchObject({
      name: 'AuditRunError',
      code: 'AUDIT_RUN_FAILED',
    });
    const lines = capture.lines();
    capture.restore();
    expect(emfMetrics(lines)).toMatchObject({ AuditFailures: 1 });
    expect(emfMetrics(lines)).not.toHaveProperty('AuditRuns');
  });
});
