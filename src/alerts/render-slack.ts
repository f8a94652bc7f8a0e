import type { IncomingWebhookSendArguments } from '@slack/webhook';
import type { AlertDigest, AlertItem } from './digest-types.js';
import { ageText } from './render-text.js';
import type { Severity } from './severity.js';

type Blocks = NonNullable<IncomingWebhookSendArguments['blocks']>;

/** Slack allows 50 blocks per message; keep room for the header, context, dividers and "more". */
const MAX_ITEM_BLOCKS = 40;
/** Slack's limit on a section's text, in characters. */
const MAX_SECTION_CHARS = 3000;
/** Slack's limit on a header's text, in characters. */
const MAX_HEADER_CHARS = 150;

const EMOJI: Readonly<Record<Severity, string>> = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
};

/** Escapes the three characters Slack's mrkdwn gives meaning to. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Backticks inside inline code would end it early; Slack has no escape for them. */
function code(text: string): string {
  return `\`${escapeMrkdwn(text.replaceAll('`', "'"))}\``;
}

function itemText(item: AlertItem): string {
  const fp = item.fingerprint ? ` · ${code(item.fingerprint)}` : '';
  const lines = [
    `*${escapeMrkdwn(item.key)}* · ${escapeMrkdwn(item.tenant)} · *${item.status}* · ${ageText(item)}${fp}`,
  ];
  for (const f of item.findings) {
    const where = f.location ? ` (${escapeMrkdwn(f.location)})` : '';
    const trace = f.traceId ? ` traceId ${code(f.traceId)}` : '';
    lines.push(`• ${f.status}${where}: ${escapeMrkdwn(f.message)}${trace}`);
  }
  lines.push(`Locations: ${item.locations.map(code).join(', ')}`);
  if (item.fix) lines.push(`Fix: ${code(item.fix)}`);
  return clip(lines.join('\n'), MAX_SECTION_CHARS);
}

/**
 * The digest as a Slack incoming-webhook message: a header, a context line, then per severity a
 * heading and one section per key (status, age, findings, locations, the command to fix it).
 * Long digests are cut to Slack's block limits with a pointer to `cativa-keys audit`.
 */
export function renderSlack(digest: AlertDigest): IncomingWebhookSendArguments {
  const blocks: Blocks = [
    {
      type: 'header',
      text: { type: 'plain_text', text: clip(digest.title, MAX_HEADER_CHARS) },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text:
            digest.type === 'cativa-keys.audit.digest'
              ? `${digest.keysAudited} key(s) audited at ${digest.generatedAt} (${digest.source})`
              : `Rotation failure at ${digest.generatedAt} (${digest.source})`,
        },
      ],
    },
  ];
  let itemBlocks = 0;
  let left = digest.groups.reduce((n, g) => n + g.items.length, 0);
  for (const group of digest.groups) {
    if (itemBlocks >= MAX_ITEM_BLOCKS) break;
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${EMOJI[group.severity]} *${group.severity.toUpperCase()}* (${group.items.length})`,
      },
    });
    for (const item of group.items) {
      if (itemBlocks >= MAX_ITEM_BLOCKS) break;
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: itemText(item) } });
      itemBlocks += 1;
      left -= 1;
    }
  }
  if (left > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `…and ${left} more key(s): run \`cativa-keys audit\` to see all of them.`,
        },
      ],
    });
  }
  // `text` is the notification's fallback (mobile pushes, screen readers).
  return { text: digest.title, blocks };
}
