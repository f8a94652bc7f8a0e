import { commandLine } from '../rotation/commands.js';
import type { PromotionReport } from '../rotation/promote.js';
import { type CliIo, say, sayJson } from './io.js';
import { alertRotationFailure } from './rotation-alert.js';
import { confirmStep } from './rotation-confirm.js';
import { fp, promotionLines, revocationLines } from './rotation-output.js';
import type { RotationPrompts } from './rotation-prompts.js';
import type { RotationSession } from './rotation-session.js';

/**
 * Promotes the pending key, asking first unless `yes`: validates it (showing tenant, user and
 * role), asks, then promotes (which re-validates: cheap, and what makes a resumed run safe).
 */
export async function promoteAfterConfirmation(
  io: CliIo,
  session: RotationSession,
  prompts: RotationPrompts,
  yes: boolean | undefined,
): Promise<PromotionReport> {
  try {
    return await confirmAndPromote(session, prompts, yes);
  } catch (error) {
    // A refused key or a stopped promotion is what the team is alerted about; the error stands.
    await alertRotationFailure(io, session, 'promote', error);
    throw error;
  }
}

async function confirmAndPromote(
  session: RotationSession,
  prompts: RotationPrompts,
  yes: boolean | undefined,
): Promise<PromotionReport> {
  const { target, engine } = session;
  const { primary } = await engine.observe(target);
  // Nothing pending: promote reports an earlier promotion, or says nothing is staged.
  if (!yes && primary.pending) {
    const { key, identity } = await engine.validate(target);
    const count = target.locations.length;
    const name = target.key.name;
    await confirmStep(
      prompts,
      false,
      `Promote ${fp(key)} (tenant '${identity.customer}') to ${count} location(s), primary last?`,
      `promotion cancelled: the new key ${fp(key)} stays pending; run \`${commandLine('promote', name)}\` ` +
        `to finish or \`${commandLine('abort', name)}\` to discard it`,
    );
  }
  return engine.promote(target);
}

/** Prints a promotion's outcome and the manual steps that follow (revoke, then retire). */
export function printPromotion(
  io: CliIo,
  report: PromotionReport,
  json: boolean | undefined,
): void {
  const retire = commandLine('retire', report.keyName);
  if (json) {
    sayJson(io, {
      key: report.keyName,
      result: report.status,
      rotationId: report.rotationId,
      newKey: report.newKey,
      oldKey: report.oldKey ?? null,
      identity: report.identity ?? null,
      locations: report.locations.map((l) => ({ ...l, before: l.before ?? null })),
      next: {
        command: retire,
        explanation: `revoke the old key ${fp(report.oldKey)} in the Cativa Console (Developers > API Keys), then run retire`,
      },
    });
    return;
  }
  for (const line of promotionLines(report)) say(io, line);
  for (const line of revocationLines(report.keyName, report.oldKey, retire)) say(io, line);
}
