import type { SecretListEntry, SecretValueEntry } from '@aws-sdk/client-secrets-manager';
import pLimit from 'p-limit';
import type { LocationSnapshot, ReadFailure } from '../types.js';
import type { AwsLocation } from './config.js';
import { awsErrorName, toVaultError } from './errors.js';
import type { SecretsManagerPort } from './port.js';
import {
  holderOf,
  readStage,
  type SecretState,
  Stage,
  stageMap,
  type VersionRead,
} from './state.js';

/** `ListSecrets` takes at most 10 values per filter and returns at most 100 secrets a page. */
const NAMES_PER_LIST = 10;
const LIST_PAGE = 100;
/** `BatchGetSecretValue` takes at most 20 secret ids. */
const IDS_PER_BATCH = 20;

/** One region's share of a batched read. */
export interface RegionBatch {
  readonly port: SecretsManagerPort;
  readonly locations: readonly AwsLocation[];
  /** Label of a location, for error messages. */
  labelOf(location: AwsLocation): string;
  /** The snapshot of a location from a state read here. */
  snapshot(location: AwsLocation, state: SecretState): LocationSnapshot;
  /** The one-location read, used when the batch cannot vouch for a location. */
  readOne(location: AwsLocation): Promise<LocationSnapshot>;
  /** AWS calls in flight at once. */
  readonly concurrency: number;
  /** Name prefix every listed secret shares, if configured (`providers.aws.listPrefix`). */
  readonly listPrefix?: string | undefined;
}

/** The name prefix `ListSecrets` can filter on: the name, or an ARN's name without its suffix. */
export function listName(secretId: string): string {
  const arn = /^arn:[^:]+:secretsmanager:[^:]*:\d*:secret:(.+)$/.exec(secretId);
  if (!arn?.[1]) return secretId;
  return arn[1].replace(/-[A-Za-z0-9]{6}$/, '');
}

function matches(entry: SecretListEntry, secretId: string): boolean {
  return (
    entry.Name === secretId ||
    entry.ARN === secretId ||
    (secretId.startsWith('arn:') && entry.ARN?.startsWith(`${secretId}-`) === true)
  );
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );

async function listAll(batch: RegionBatch, limit: ReturnType<typeof pLimit>) {
  const names = [...new Set(batch.locations.map((l) => listName(l.secretId)))];
  const prefix = batch.listPrefix;
  // A filter value matches names by prefix, so one shared prefix lists them all in pages of 100.
  const filters =
    prefix && names.every((n) => n.startsWith(prefix)) ? [[prefix]] : chunks(names, NAMES_PER_LIST);
  const pages = await Promise.all(
    filters.map((values) =>
      limit(async () => {
        const found: SecretListEntry[] = [];
        let token: string | undefined;
        do {
          const out = await batch.port.listSecrets({
            Filters: [{ Key: 'name', Values: values }],
            MaxResults: LIST_PAGE,
            ...(token ? { NextToken: token } : {}),
          });
          found.push(...(out.SecretList ?? []));
          token = out.NextToken ?? undefined;
        } while (token);
        return found;
      }),
    ),
  );
  return pages.flat();
}

async function batchValues(
  batch: RegionBatch,
  limit: ReturnType<typeof pLimit>,
  arns: readonly string[],
): Promise<Map<string, SecretValueEntry>> {
  const values = new Map<string, SecretValueEntry>();
  await Promise.all(
    chunks(arns, IDS_PER_BATCH).map((ids) =>
      limit(async () => {
        let token: string | undefined;
        do {
          const out = await batch.port.batchGetSecretValue({
            SecretIdList: ids,
            ...(token ? { NextToken: token } : {}),
          });
          for (const v of out.SecretValues ?? []) if (v.ARN) values.set(v.ARN, v);
          token = out.NextToken ?? undefined;
        } while (token);
      }),
    ),
  );
  return values;
}

/**
 * Builds a secret's state from its list entry and batched current value, reading AWSPENDING and
 * AWSPREVIOUS by label when they sit on other versions. Undefined when the batch cannot vouch
 * for the state: the batched value is not the version the list calls AWSCURRENT (`ListSecrets`
 * is eventually consistent on AWS; moto serves a stale version after a promotion).
 */
async function stateOf(
  batch: RegionBatch,
  entry: SecretListEntry & { ARN: string },
  value: SecretValueEntry | undefined,
  label: string,
): Promise<SecretState | undefined> {
  const stages = stageMap(entry.SecretVersionsToStages);
  const currentId = holderOf({ stages }, Stage.current);
  const versions: Partial<Record<Stage, VersionRead>> = {};
  if (currentId) {
    if (value?.VersionId !== currentId || !value.VersionStages?.includes(Stage.current))
      return undefined;
    versions[Stage.current] = {
      versionId: currentId,
      secretString: value.SecretString,
      binary: value.SecretBinary !== undefined,
      createdDate: value.CreatedDate,
    };
  }
  for (const stage of [Stage.pending, Stage.previous]) {
    const holder = holderOf({ stages }, stage);
    if (!holder || holder === currentId) continue;
    const read = await readStage(batch.port, entry.ARN, stage, label);
    if (read && read.versionId !== holder) return undefined;
    if (read) versions[stage] = read;
  }
  return {
    exists: true,
    arn: entry.ARN,
    stages,
    tags: entry.Tags ?? [],
    rotationEnabled: entry.RotationEnabled === true,
    versions,
  };
}

/**
 * Reads one region's locations with few calls: `ListSecrets` (labels and tags of up to 100
 * secrets a page, 10 names a filter), `BatchGetSecretValue` (current values, 20 secrets a call),
 * and `GetSecretValue` by label only for pending and previous versions. A location the batch
 * cannot vouch for is read alone. Results keep the order of `batch.locations`.
 */
export async function readRegion(
  batch: RegionBatch,
): Promise<Array<LocationSnapshot | ReadFailure>> {
  const limit = pLimit(batch.concurrency);
  const fail = (error: unknown): ReadFailure => ({
    error: error instanceof Error ? error : new Error(String(error)),
  });
  const alone = (location: AwsLocation) => batch.readOne(location).catch(fail);
  let entries: SecretListEntry[];
  let values: Map<string, SecretValueEntry>;
  try {
    entries = await listAll(batch, limit);
    const found = batch.locations
      .map((l) => entries.find((e) => matches(e, l.secretId)))
      .filter((e): e is SecretListEntry & { ARN: string } => e?.ARN !== undefined);
    const withCurrent = found.filter((e) =>
      Object.values(e.SecretVersionsToStages ?? {}).some((s) => s.includes(Stage.current)),
    );
    values = await batchValues(batch, limit, [...new Set(withCurrent.map((e) => e.ARN))]);
  } catch (error) {
    // A policy without ListSecrets or BatchGetSecretValue still allows the one-by-one reads.
    if (awsErrorName(error) === 'AccessDeniedException') {
      return Promise.all(batch.locations.map((l) => limit(() => alone(l))));
    }
    const label = batch.locations[0] ? batch.labelOf(batch.locations[0]) : 'aws';
    const mapped = toVaultError(error, label, 'ListSecrets/BatchGetSecretValue');
    return batch.locations.map(() => fail(mapped));
  }
  const states = new Map<string, Promise<SecretState | undefined>>();
  return Promise.all(
    batch.locations.map(async (location) => {
      const entry = entries.find((e) => matches(e, location.secretId));
      if (!entry?.ARN) return limit(() => alone(location));
      const arn = entry.ARN;
      let state = states.get(arn);
      if (!state) {
        const label = batch.labelOf(location);
        state = limit(() => stateOf(batch, { ...entry, ARN: arn }, values.get(arn), label));
        states.set(arn, state);
      }
      try {
        const read = await state;
        return read ? batch.snapshot(location, read) : await limit(() => alone(location));
      } catch (error) {
        return fail(error);
      }
    }),
  );
}
