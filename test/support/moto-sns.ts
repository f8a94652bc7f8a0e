import { SNS } from '@aws-sdk/client-sns';
import { MOTO_REGION } from './moto.js';

/** An SNS client pointed at moto with dummy credentials and no SDK retries. */
export function motoSns(endpoint: string): SNS {
  return new SNS({
    endpoint,
    region: MOTO_REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** A message moto recorded as published to a topic. */
export interface SentNotification {
  readonly messageId: string;
  readonly message: string;
  readonly subject: string | null;
  readonly attributes: Record<string, { Type: string; Value: string }>;
}

/** Reads what was published to a topic from moto's state dump (`/moto-api/data.json`). */
export async function sentNotifications(
  endpoint: string,
  topicArn: string,
): Promise<SentNotification[]> {
  const res = await fetch(`${endpoint}/moto-api/data.json`);
  const data = (await res.json()) as {
    sns?: { Topic?: { arn: string; sent_notifications: unknown[][] }[] };
  };
  const topic = data.sns?.Topic?.find((t) => t.arn === topicArn);
  return (topic?.sent_notifications ?? []).map((n) => ({
    messageId: String(n[0]),
    message: String(n[1]),
    subject: (n[2] as string | null) ?? null,
    attributes: (n[3] as SentNotification['attributes']) ?? {},
  }));
}
