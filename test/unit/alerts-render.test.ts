import { describe, expect, it } from 'vitest';
import type { AlertDigest, AlertItem } from '../../src/alerts/digest-types.js';
import { escapeMrkdwn, renderSlack } from '../../src/alerts/render-slack.js';
import { renderText } from '../../src/alerts/render-text.js';
import { snsSubject } from '../../src/alerts/sns-channel.js';

function item(n: number): AlertItem {
  return {
    key: `Key <${n}> & co`,
    tenant: 'Acme Robotics',
    status: 'stale',
    severity: 'critical',
    ageDays: 100 + n,
    ageEstimated: n % 2 === 0,
    fingerprint: 'cativa_live_…3e4f',
    locations: [`aws:cativa/key-${n}`],
    findings: [{ status: 'stale', message: `${100 + n} days old; the limit is 90` }],
    fix: `cativa-keys rotate 'Key <${n}> & co'`,
  };
}

function digest(items: number): AlertDigest {
  return {
    type: 'cativa-keys.audit.digest',
    version: 1,
    id: 'd',
    generatedAt: '2026-12-04T06:00:00.000Z',
    source: 'lambda',
    title: `cativa-keys: ${items} keys need attention (${items} critical)`,
    keysAudited: items,
    counts: { critical: items, warning: 0, info: 0 },
    groups: [{ severity: 'critical', items: Array.from({ length: items }, (_, i) => item(i)) }],
  };
}

describe('Function: renderSlack', () => {
  it('shows each key with status, age, locations and the fix command, escaped for mrkdwn', () => {
    const message = renderSlack(digest(1));
    expect(message.text).toBe('cativa-keys: 1 keys need attention (1 critical)');
    const texts = (message.blocks ?? []).map((b) => JSON.stringify(b));
    const section = texts.find((t) => t.includes('rotate')) ?? '';
    expect(section).toContain(
      '*Key &lt;0&gt; &amp; co* · Acme Robotics · *stale* · ~100 days old (estimated)',
    );
    expect(section).toContain("Fix: `cativa-keys rotate 'Key &lt;0&gt; &amp; co'`");
    expect(section).toContain('Locations: `aws:cativa/key-0`');
  });

  it('stays within Slack’s 50 blocks and says how many keys were left out', () => {
    const message = renderSlack(digest(60));
    const blocks = message.blocks ?? [];
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks.at(-1))).toContain('and 20 more key(s)');
  });

  it('escapes the characters Slack gives meaning to', () => {
    expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });
});

describe('Function: renderText', () => {
  it('lists the groups and keys, with the fix command', () => {
    const text = renderText(digest(2));
    expect(text.split('\n').slice(0, 4)).toEqual([
      'cativa-keys: 2 keys need attention (2 critical)',
      'Audit of 2 key(s) at 2026-12-04T06:00:00.000Z (lambda).',
      '',
      'CRITICAL (2)',
    ]);
    expect(text).toContain("    fix: cativa-keys rotate 'Key <1> & co'");
  });

  it('cuts a long digest to the size limit and counts what is left', () => {
    const text = renderText(digest(200), 4000);
    expect(text.length).toBeLessThanOrEqual(4000);
    expect(text).toMatch(/\.\.\.and \d+ more key\(s\)/);
  });
});

describe('Function: snsSubject', () => {
  it('keeps subjects ASCII, on one line and under 100 characters', () => {
    const subject = snsSubject(`cativa-keys: ${'é'.repeat(10)}\n${'x'.repeat(200)}`);
    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });
});
