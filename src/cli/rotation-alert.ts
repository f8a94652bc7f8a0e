import { createChannels } from '../alerts/channels.js';
import { sendRotationFailureAlert } from '../alerts/rotation-failure.js';
import { ExitCode, isCativaKeysError } from '../errors.js';
import { commandLine } from '../rotation/commands.js';
import type { CliIo } from './io.js';
import { warn } from './io.js';
import type { RotationSession } from './rotation-session.js';

/**
 * Tells the configured alert channels that a rotation step failed (the new key was refused, or a
 * promotion stopped), then rethrows nothing: the caller rethrows the step's own error. A person
 * cancelling at a prompt is not a failure. Each channel's outcome is one line on stderr.
 */
export async function alertRotationFailure(
  io: CliIo,
  session: RotationSession,
  step: string,
  error: unknown,
): Promise<void> {
  const { alerts } = session.context.loaded.config;
  if (alerts.channels.length === 0) return;
  if (isCativaKeysError(error) && error.exitCode === ExitCode.cancelled) return;
  const { key, locations } = session.target;
  const { clock } = session.context;
  const results = await sendRotationFailureAlert(
    {
      keyName: key.name,
      tenant: key.tenant,
      step,
      error,
      locations: locations.map((l) => l.label),
      fix: commandLine('status', key.name),
    },
    { channels: createChannels(alerts, { env: io.env, clock }), alerts, clock, source: 'cli' },
  );
  for (const r of results) {
    warn(
      io,
      r.ok
        ? `alert sent: ${r.channel}`
        : `alert not delivered: ${r.channel} (${r.error?.message ?? 'failed'})`,
    );
  }
}
