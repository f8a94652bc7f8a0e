import { z } from 'zod';
import type { DopplerClient } from './client.js';

/**
 * Doppler keeps no per-secret timestamps; its config logs (one per change of a config, newest
 * first) are the only native record of when a secret changed. A log's list entry does not say
 * which secrets changed; its diff does, so each examined log is read once for the names in its
 * diff. The diff also holds the values added and removed: they are dropped at parse time (the
 * schema keeps `name` only) and never kept, compared or printed.
 */

const logListSchema = z.object({
  logs: z.array(
    z.object({
      // Ids go back into a query string that the SDK escapes with `encodeURI` only.
      id: z.string().regex(/^[A-Za-z0-9_-]+$/),
      created_at: z.string(),
    }),
  ),
});

// `z.object` strips unknown keys: `added` and `removed` (values) do not survive the parse.
const logSchema = z.object({
  log: z.object({ diff: z.array(z.object({ name: z.string() })).default([]) }),
});

/** Names each log's diff touched, by `project/config/log id`; logs never change, so it is safe. */
export type LogNamesCache = Map<string, readonly string[]>;

const MAX_CACHED_LOGS = 2_000;

/** Bounds of one scan. */
export interface LogScanLimits {
  /** `per_page` of the list calls. */
  readonly pageSize: number;
  /** Most logs examined (list entries looked at); calls are at most `ceil(max / pageSize)` lists plus one read per uncached log. */
  readonly maxLogs: number;
}

/** What a scan found. */
export interface LogScanResult {
  /** When each found name last changed: `created_at` of the newest log whose diff names it. */
  readonly changedAt: ReadonlyMap<string, Date>;
  /**
   * `created_at` of the oldest log examined. A name not found changed before it (or before the
   * log history starts): its value is at least that old. Undefined when no log was examined.
   */
  readonly oldestExamined: Date | undefined;
}

/**
 * Walks the config's logs from the newest until every name in `names` is found or `maxLogs` logs
 * were examined, whichever comes first.
 */
export async function scanConfigLogs(
  client: DopplerClient,
  project: string,
  config: string,
  names: ReadonlySet<string>,
  limits: LogScanLimits,
  cache: LogNamesCache,
): Promise<LogScanResult> {
  const wanted = new Set(names);
  const changedAt = new Map<string, Date>();
  let oldestExamined: Date | undefined;
  let examined = 0;
  for (let page = 1; wanted.size > 0 && examined < limits.maxLogs; page += 1) {
    const { logs } = logListSchema.parse(
      await client.configLogs.list(project, config, { page, perPage: limits.pageSize }),
    );
    for (const log of logs) {
      if (wanted.size === 0 || examined >= limits.maxLogs) break;
      examined += 1;
      const at = new Date(log.created_at);
      if (Number.isNaN(at.getTime())) continue;
      oldestExamined = at;
      for (const name of await namesOf(client, project, config, log.id, cache)) {
        if (wanted.delete(name)) changedAt.set(name, at);
      }
    }
    if (logs.length < limits.pageSize) break;
  }
  return { changedAt, oldestExamined };
}

async function namesOf(
  client: DopplerClient,
  project: string,
  config: string,
  id: string,
  cache: LogNamesCache,
): Promise<readonly string[]> {
  const key = `${project}/${config}/${id}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const names = logSchema
    .parse(await client.configLogs.get(project, config, id))
    .log.diff.map((d) => d.name);
  if (cache.size >= MAX_CACHED_LOGS) {
    const first = cache.keys().next();
    if (!first.done) cache.delete(first.value);
  }
  cache.set(key, names);
  return names;
}
