import pLimit from 'p-limit';
import type { BoundLocation, LocationConfig, ProviderSet } from '../../providers/registry.js';
import type { LocationSnapshot } from '../../providers/types.js';
import type { CativaClient } from '../cativa/types.js';
import type { Clock } from '../clock.js';
import type { ManagedKey } from '../config/schema.js';
import { VaultError } from '../errors.js';
import type { Secret } from '../secret.js';
import {
  type CheckObservation,
  classifyKey,
  type LocationObservation,
  retireCheckDue,
} from './classify.js';
import { AUDIT_STATUSES, type AuditReport, type AuditStatus, type KeyReport } from './types.js';

/** What the audit needs; the same object graph the CLI and the Lambda build. */
export interface AuditDeps {
  readonly providers: ProviderSet;
  readonly cativa: CativaClient;
  readonly clock: Clock;
}

export interface AuditOptions {
  /** Keys validated against Cativa at once. */
  readonly concurrency: number;
  /** Called after each key is classified (for progress output). */
  readonly onKey?: (report: KeyReport, done: number, total: number) => void;
}

type Observation = Pick<LocationObservation, 'snapshot' | 'error'>;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Reads every location of every key, grouping them by provider so that a provider with a batch
 * read (one file read per vault file, AWS batched reads) serves them in few calls.
 */
async function readAll(
  bound: readonly BoundLocation[],
  concurrency: number,
): Promise<Map<BoundLocation, Observation>> {
  const result = new Map<BoundLocation, Observation>();
  const byProvider = new Map<BoundLocation['provider'], BoundLocation[]>();
  for (const b of bound) {
    const group = byProvider.get(b.provider) ?? [];
    group.push(b);
    byProvider.set(b.provider, group);
  }
  const limit = pLimit(concurrency);
  await Promise.all(
    [...byProvider].map(async ([provider, group]) => {
      if (provider.readMany) {
        try {
          const answers = await provider.readMany(group.map((b) => b.location));
          group.forEach((b, i) => {
            const answer = answers[i];
            if (!answer)
              result.set(b, { error: new VaultError(b.label, 'the provider returned no answer') });
            else if ('error' in answer) result.set(b, { error: answer.error });
            else result.set(b, { snapshot: answer as LocationSnapshot });
          });
        } catch (error) {
          for (const b of group) result.set(b, { error: asError(error) });
        }
        return;
      }
      await Promise.all(
        group.map((b) =>
          limit(async () => {
            try {
              result.set(b, { snapshot: await provider.read(b.location) });
            } catch (error) {
              result.set(b, { error: asError(error) });
            }
          }),
        ),
      );
    }),
  );
  return result;
}

async function check(cativa: CativaClient, secret: Secret): Promise<CheckObservation> {
  try {
    return { outcome: await cativa.authMe(secret) };
  } catch (error) {
    return { error: asError(error) };
  }
}

/**
 * Audits every key: reads each location, validates the primary's current key once against
 * Cativa (and the previous key once the retire grace period is over), and classifies. Never
 * writes. A vault or Cativa failure becomes an `unreachable` finding; the other keys go on.
 */
export async function runAudit(
  keys: readonly ManagedKey[],
  deps: AuditDeps,
  options: AuditOptions,
): Promise<AuditReport> {
  const now = deps.clock.now();
  const boundPerKey = await Promise.all(
    keys.map((key) =>
      Promise.all(
        key.locations.map(async (location: LocationConfig) => {
          try {
            return await deps.providers.bind(location);
          } catch (error) {
            return { location, error: asError(error) };
          }
        }),
      ),
    ),
  );
  const readable = boundPerKey.flat().filter((b): b is BoundLocation => 'provider' in b);
  const observations = await readAll(readable, options.concurrency);

  const limit = pLimit(options.concurrency);
  let done = 0;
  const reports = await Promise.all(
    keys.map((key, k) =>
      limit(async () => {
        const locations: LocationObservation[] = (boundPerKey[k] ?? []).map((b) => {
          if (!('provider' in b))
            return { label: `${b.location.provider}:(not loaded)`, error: b.error };
          const seen = observations.get(b);
          // Let go of the snapshot (it holds the key values) as soon as its key is classified.
          observations.delete(b);
          return { label: b.label, ...seen };
        });
        const primary = locations[0]?.snapshot;
        const current = primary?.current
          ? await check(deps.cativa, primary.current.secret)
          : undefined;
        const previous =
          primary?.previous && retireCheckDue(key, primary, now)
            ? await check(deps.cativa, primary.previous.secret)
            : undefined;
        const report = classifyKey({
          key,
          now,
          locations,
          ...(current ? { current } : {}),
          ...(previous ? { previous } : {}),
        });
        done += 1;
        options.onKey?.(report, done, keys.length);
        return report;
      }),
    ),
  );

  const summary = Object.fromEntries(AUDIT_STATUSES.map((s) => [s, 0])) as Record<
    AuditStatus,
    number
  >;
  for (const r of reports) summary[r.status] += 1;
  return { generatedAt: now.toISOString(), keys: reports, summary };
}
