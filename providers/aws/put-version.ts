import { ConflictError, VaultError } from '../../src/errors.js';
import type { AwsLocation } from './config.js';
import { AwsErrorCode, awsErrorName, toVaultError } from './errors.js';
import { type Ledger, type LedgerKeys, ledgerTags } from './ledger.js';
import type { SecretsManagerPort } from './port.js';
import { holderOf, type SecretState, type Stage } from './state.js';

/** What every write needs: the client of the location's region, the location and its label. */
export interface WriteIo {
  readonly port: SecretsManagerPort;
  readonly location: AwsLocation;
  readonly label: string;
  readonly keys: LedgerKeys;
}

/** Records the ledger in the secret's tags (before the value it describes is written). */
export async function writeLedger(io: WriteIo, state: SecretState, ledger: Ledger): Promise<void> {
  if (!state.arn) return;
  try {
    await io.port.tagResource({ SecretId: state.arn, Tags: ledgerTags(ledger, io.keys) });
  } catch (error) {
    throw toVaultError(error, io.label, 'TagResource');
  }
}

/** Moves (or removes, without `moveTo`) a staging label; AWS refuses when `from` no longer has it. */
export async function moveLabel(
  io: WriteIo,
  state: SecretState,
  stage: Stage,
  change: { moveTo?: string; removeFrom?: string },
): Promise<void> {
  try {
    await io.port.updateSecretVersionStage({
      SecretId: state.arn ?? io.location.secretId,
      VersionStage: stage,
      ...(change.moveTo ? { MoveToVersionId: change.moveTo } : {}),
      ...(change.removeFrom ? { RemoveFromVersionId: change.removeFrom } : {}),
    });
  } catch (error) {
    throw toVaultError(error, io.label, `UpdateSecretVersionStage ${stage}`);
  }
}

async function createSecret(io: WriteIo, token: string, text: string, ledger: Ledger) {
  if (io.location.secretId.startsWith('arn:')) {
    throw new VaultError(io.label, 'the secret does not exist, and an ARN cannot name a new one', {
      code: AwsErrorCode.notFound,
    });
  }
  try {
    await io.port.createSecret({
      Name: io.location.secretId,
      ClientRequestToken: token,
      SecretString: text,
      Tags: ledgerTags(ledger, io.keys),
    });
  } catch (error) {
    if (awsErrorName(error) === 'ResourceExistsException') {
      throw new ConflictError(
        io.label,
        'another process created the secret meanwhile; read it again',
        {
          cause: error,
        },
      );
    }
    throw toVaultError(error, io.label, 'CreateSecret');
  }
}

/**
 * Records the ledger, then writes `text` as version `token` with label `stage`, creating the secret (with the ledger's
 * tags) when it does not exist; AWS then makes the first version AWSCURRENT whatever the label.
 * A token AWS already knows with the same text is ignored by AWS without moving the label, so
 * the label is then moved explicitly; a token known with another text is a `ConflictError`.
 */
export async function putVersion(
  io: WriteIo,
  state: SecretState,
  write: { token: string; text: string; stage: Stage; ledger: Ledger; ledgerChanged: boolean },
): Promise<void> {
  if (!state.exists || !state.arn) {
    await createSecret(io, write.token, write.text, write.ledger);
    return;
  }
  // The ledger first: an entry for a value that never got written matches no slot, so a crash
  // in between leaves nothing wrong, while the reverse order would leave a value without its time.
  if (write.ledgerChanged) await writeLedger(io, state, write.ledger);
  let stages: string[] | undefined;
  try {
    const out = await io.port.putSecretValue({
      SecretId: state.arn,
      ClientRequestToken: write.token,
      SecretString: write.text,
      VersionStages: [write.stage],
    });
    stages = out.VersionStages;
  } catch (error) {
    throw toVaultError(error, io.label, `PutSecretValue ${write.stage}`);
  }
  if (stages && !stages.includes(write.stage)) {
    const holder = holderOf(state, write.stage);
    await moveLabel(io, state, write.stage, {
      moveTo: write.token,
      ...(holder && holder !== write.token ? { removeFrom: holder } : {}),
    });
  }
}
