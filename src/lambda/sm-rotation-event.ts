import { z } from 'zod';
import { fieldIssues } from '../config/issues.js';
import { ConfigError } from '../errors.js';

/** The four steps Secrets Manager invokes a rotation function with, in order. */
export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** The event Secrets Manager sends the rotation function. */
export const rotationEventSchema = z.object({
  /** The secret's ARN (or name, when invoked by hand). */
  SecretId: z.string().min(1),
  /** Id of the version being rotated (the one labelled AWSPENDING). */
  ClientRequestToken: z.string().min(1),
  Step: z.enum(ROTATION_STEPS),
});
export type RotationEvent = z.infer<typeof rotationEventSchema>;

/** Parses the event; a bad event lists the field paths, never values. */
export function parseRotationEvent(event: unknown): RotationEvent {
  const parsed = rotationEventSchema.safeParse(event);
  if (!parsed.success) throw new ConfigError('rotation event', fieldIssues(parsed.error));
  return parsed.data;
}
