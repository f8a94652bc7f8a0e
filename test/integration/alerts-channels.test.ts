import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertDigest } from '../../src/alerts/digest-types.js';
import { createSlackChannel } from '../../src/alerts/slack-channel.js';
import { createSnsChannel } from '../../src/alerts/sns-channel.js';
import { createWebhookChannel } from '../../src/alerts/webhook-channel.js';
import { verifyWebhook } from '../../src/alerts/webhook-signature.js';
import { fixedClock } from '../../src/clock.js';
import { Secret } from '../../src/secret.js';
import { motoTestsEnabled, useMoto } from '../support/moto.js';
import { motoSns, sentNotifications } from '../support/moto-sns.js';
import { type Receiver, startReceiver } from '../support/receiver.js';

const NOW = new Date();
const HMAC = 'whsec-channels-0123456789abcdef0123456789';

const DIGEST: AlertDigest = {
  type: 'cativa-keys.audit.digest',
  version: 1,
  id: '6a0f6f3e-delivery',
  generatedAt: NOW.toISOString(),
  source: 'watch',
  title: 'cativa-keys: 1 key needs attention (1 critical)',
  keysAudited: 3,
  counts: { critical: 1, warning: 0, info: 0 },
  groups: [
    {
      severity: 'critical',
      items: [
        {
          key: 'Migration 2026-Q2',
          tenant: 'Acme Robotics',
          status: 'stale',
          severity: 'critical',
          ageDays: 131,
          ageEstimated: false,
          fingerprint: 'cativa_live_…3e4f',
          locations: ['aws:cativa/migration'],
          findings: [{ status: 'stale', message: '131 days old; the limit is 90' }],
          fix: "cativa-keys rotate 'Migration 2026-Q2'",
        },
      ],
    },
  ],
};

const signal = () => AbortSignal.timeout(5000);

describe('Channel: generic webhook (local receiver)', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.requests.length = 0;
  });

  const channel = () =>
    createWebhookChannel({
      name: 'pager',
      url: new Secret(`${receiver.url}/hook?token=queryToken123`),
      secret: new Secret(HMAC),
      clock: fixedClock(NOW),
    });

  it('POSTs the digest as JSON, signed over timestamp and body', async () => {
    await channel().send(DIGEST, signal());
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-cativa-keys-delivery']).toBe(DIGEST.id);
    expect(JSON.parse(request?.body ?? '')).toEqual(DIGEST);
    expect(
      verifyWebhook({
        secret: HMAC,
        body: request?.body ?? '',
        timestamp: request?.headers['x-cativa-keys-timestamp'] as string,
        signature: request?.headers['x-cativa-keys-signature'] as string,
        now: NOW,
      }),
    ).toBe(true);
  });

  it('fails retryably on 5xx and 429, for good on other 4xx and on redirects, never naming the URL', async () => {
    for (const [status, retryable] of [
      [503, true],
      [429, true],
      [404, false],
      [302, false],
    ] as const) {
      receiver.failNext(status);
      const error = await channel()
        .send(DIGEST, signal())
        .then(
          () => undefined,
          (e: unknown) => e as { status?: number; retryable?: boolean; message: string },
        );
      expect(error).toMatchObject({ status, retryable });
      expect(error?.message).not.toContain('queryToken123');
      expect(error?.message).not.toContain('/hook');
    }
  });
});

describe('Channel: Slack incoming webhook (local receiver)', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  const channel = () =>
    createSlackChannel({
      name: 'team-slack',
      webhookUrl: new Secret(`${receiver.url}/services/T0/B0/slackToken123`),
      timeoutMs: 5000,
    });

  it('posts a Block Kit message with a fallback text', async () => {
    await channel().send(DIGEST, signal());
    const body = JSON.parse(receiver.requests[0]?.body ?? '{}') as {
      text: string;
      blocks: { type: string }[];
    };
    expect(receiver.requests[0]?.path).toBe('/services/T0/B0/slackToken123');
    expect(body.text).toBe(DIGEST.title);
    expect(body.blocks.map((b) => b.type)).toEqual([
      'header',
      'context',
      'divider',
      'section',
      'section',
    ]);
  });

  it('reports Slack’s status without the webhook URL', async () => {
    receiver.failNext(500);
    const error = await channel()
      .send(DIGEST, signal())
      .catch((e: unknown) => e as { status?: number; retryable?: boolean; message: string });
    expect(error).toMatchObject({
      status: 500,
      retryable: true,
      message: "alert channel 'team-slack': Slack answered 500",
    });
  });
});

describe.runIf(motoTestsEnabled())('Channel: SNS (moto)', () => {
  const moto = useMoto();

  it('publishes the digest as text with severity attributes', async () => {
    const sns = motoSns(moto().endpoint);
    const topicArn = (await sns.createTopic({ Name: 'alerts-channel-test' })).TopicArn ?? '';
    await createSnsChannel({ name: 'ops', topicArn, client: async () => sns }).send(
      DIGEST,
      signal(),
    );
    const [sent] = await sentNotifications(moto().endpoint, topicArn);
    expect(sent?.subject).toBe(DIGEST.title);
    expect(sent?.message).toContain("fix: cativa-keys rotate 'Migration 2026-Q2'");
    expect(sent?.attributes).toMatchObject({
      severity: { Value: 'critical' },
      type: { Value: 'cativa-keys.audit.digest' },
    });
  });

  it('reports a missing topic as a failure that retrying will not fix', async () => {
    const sns = motoSns(moto().endpoint);
    const error = await createSnsChannel({
      name: 'ops',
      topicArn: 'arn:aws:sns:us-east-1:123456789012:no-such-topic',
      client: async () => sns,
    })
      .send(DIGEST, signal())
      .catch((e: unknown) => e as { status?: number; retryable?: boolean; message: string });
    expect(error).toMatchObject({
      status: 404,
      retryable: false,
      message: "alert channel 'ops': SNS Publish failed: NotFoundException (HTTP 404)",
    });
  });
});
