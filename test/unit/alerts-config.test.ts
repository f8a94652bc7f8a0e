import { describe, expect, it } from 'vitest';
import { createChannels } from '../../src/alerts/channels.js';
import { alertsConfigSchema } from '../../src/alerts/config.js';
import type { AlertDigest } from '../../src/alerts/digest-types.js';
import { fixedClock } from '../../src/clock.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

const KEYS = `
keys:
  - name: CI build
    tenant: acme
    locations: [{ provider: file, entry: ci }]
`;

function issues(alerts: string): string[] {
  try {
    parseConfig(`${KEYS}alerts:\n${alerts}`, 'cativa-keys.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the config to be refused');
}

const DIGEST = {
  id: 'd',
  groups: [],
  counts: { critical: 0, warning: 0, info: 0 },
} as unknown as AlertDigest;

describe('Config: alerts', () => {
  it('defaults to no channels, every severity, a day for stuck rotations, two retries', () => {
    expect(parseConfig(KEYS, 'cativa-keys.yaml').alerts).toEqual({
      minSeverity: 'info',
      rotationStuckAfterHours: 24,
      retries: 2,
      retryBaseMs: 1000,
      timeoutMs: 10_000,
      channels: [],
    });
  });

  it('takes secrets by environment variable name only', () => {
    expect(
      issues(
        '  channels:\n    - { type: slack, webhookUrl: "https://hooks.slack.com/services/x" }',
      ),
    ).toEqual(
      expect.arrayContaining([
        'alerts.channels[0].webhookUrlEnv: Invalid input: expected string, received undefined',
        expect.stringMatching(/^alerts\.channels\[0\]: Unrecognized key: "webhookUrl"/),
      ]),
    );
    expect(
      issues('  channels:\n    - { type: webhook, urlEnv: "https://x", secretEnv: S }'),
    ).toEqual([
      'alerts.channels[0].urlEnv: an environment variable name such as SLACK_WEBHOOK_URL',
    ]);
  });

  it('wants exactly one of topicArn and topicArnEnv on an SNS channel', () => {
    expect(issues('  channels:\n    - { type: sns }')).toEqual([
      'alerts.channels[0]: set exactly one of topicArn and topicArnEnv',
    ]);
  });

  it('refuses two channels with the same name', () => {
    expect(
      issues(
        '  channels:\n    - { type: slack, webhookUrlEnv: A }\n    - { type: slack, webhookUrlEnv: B }',
      ),
    ).toEqual([
      "alerts.channels[1].name: channels[0] is also called 'slack'; give each channel a distinct name",
    ]);
  });
});

describe('Function: createChannels', () => {
  const alerts = alertsConfigSchema.parse({
    channels: [
      { type: 'slack', webhookUrlEnv: 'SLACK_URL' },
      { type: 'webhook', name: 'pager', urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET' },
      { type: 'sns', topicArnEnv: 'TOPIC_ARN' },
    ],
  });

  it('builds a channel that fails without retry when its secret is not in the environment', async () => {
    const channels = createChannels(alerts, {
      env: { HOOK_URL: 'https://example.com/h', HOOK_SECRET: 'too-short', TOPIC_ARN: 'not-an-arn' },
      clock: fixedClock(new Date()),
    });
    const failures = await Promise.all(
      channels.map((c) => c.send(DIGEST, AbortSignal.timeout(1000)).catch((e: Error) => e)),
    );
    expect(failures.map((e) => [(e as { code?: string }).code, (e as Error).message])).toEqual([
      ['ALERT_CHANNEL_CONFIG', "alert channel 'slack': environment variable SLACK_URL is not set"],
      [
        'ALERT_CHANNEL_CONFIG',
        "alert channel 'pager': the HMAC secret in HOOK_SECRET is shorter than 32 characters",
      ],
      [
        'ALERT_CHANNEL_CONFIG',
        "alert channel 'sns': environment variable TOPIC_ARN is not an SNS topic ARN",
      ],
    ]);
    expect(failures.every((e) => (e as { retryable?: boolean }).retryable === false)).toBe(true);
  });
});
