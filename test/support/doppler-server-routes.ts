import type { ServerCore, TokenScope } from './doppler-server.js';
import { type DopplerConfigStore, secretsObject } from './doppler-server-state.js';

/** One request, reduced to what the routes read. */
export interface RouteRequest {
  readonly method: string;
  readonly url: URL;
  readonly authorization: string | undefined;
  readonly body: string;
}

type Answer = [status: number, body: unknown];

const refuse = (status: number, ...messages: string[]): Answer => [
  status,
  { messages, success: false },
];

const ROUTES = new Set([
  'GET /v3/configs/config/secrets',
  'GET /v3/configs/config/secret',
  'POST /v3/configs/config/secrets',
  'GET /v3/configs/config/logs',
  'GET /v3/configs/config/logs/log',
]);

function parseBody(text: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(text || '{}');
    return json !== null && typeof json === 'object' && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Where the request points: from the query (GET) or the body (POST); a service token implies its own. */
function target(scope: TokenScope, params: { project?: unknown; config?: unknown }) {
  const project =
    typeof params.project === 'string' && params.project !== '' ? params.project : scope.project;
  const config =
    typeof params.config === 'string' && params.config !== '' ? params.config : scope.config;
  return { project, config };
}

const MANAGED = ['DOPPLER_CONFIG', 'DOPPLER_ENVIRONMENT', 'DOPPLER_PROJECT'] as const;

function listSecrets(store: DopplerConfigStore, query: URLSearchParams): Answer {
  const filter = query.get('secrets');
  const only = filter ? new Set(filter.split(',').filter(Boolean)) : undefined;
  const secrets = secretsObject(store, only);
  if (query.get('include_managed_secrets') !== 'false') {
    const managed = {
      DOPPLER_CONFIG: store.config,
      DOPPLER_ENVIRONMENT: store.environment,
      DOPPLER_PROJECT: store.project,
    };
    for (const name of MANAGED) {
      if (only && !only.has(name)) continue;
      secrets[name] = {
        raw: managed[name],
        computed: managed[name],
        note: '',
        rawVisibility: 'unmasked',
        computedVisibility: 'unmasked',
      };
    }
  }
  return [200, { secrets, success: true }];
}

function logsPage(store: DopplerConfigStore, query: URLSearchParams): Answer {
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const perPage = Math.min(
    100,
    Math.max(1, Number.parseInt(query.get('per_page') ?? '20', 10) || 20),
  );
  const newestFirst = [...store.logs].reverse();
  const logs = newestFirst
    .slice((page - 1) * perPage, page * perPage)
    .map(({ diff: _diff, ...log }) => log);
  return [200, { logs, page, success: true }];
}

/**
 * The five endpoints the provider uses, behind Bearer auth and token scopes, with Doppler's error
 * body `{ messages, success: false }`.
 */
export function routeDoppler(core: ServerCore, req: RouteRequest): Answer {
  const route = `${req.method} ${req.url.pathname}`;
  const bearer = /^Bearer (.+)$/.exec(req.authorization ?? '')?.[1];
  const scope = bearer === undefined ? undefined : core.tokens.get(bearer);
  if (!scope) return refuse(401, 'Invalid Auth token');
  if (!ROUTES.has(route)) return refuse(404, 'Not found');
  const query = req.url.searchParams;
  const body = req.method === 'POST' ? parseBody(req.body) : {};
  if (!body) return refuse(400, 'Invalid JSON body');
  const { project, config } = target(
    scope,
    req.method === 'POST' ? body : { project: query.get('project'), config: query.get('config') },
  );
  if (!project || !config) return refuse(400, 'Missing project or config');
  if ((scope.project && scope.project !== project) || (scope.config && scope.config !== config)) {
    return refuse(403, 'This token does not have access to the requested config');
  }
  const store = core.configs.get(`${project}/${config}`);
  if (!store) return refuse(404, 'Could not find requested config');

  switch (route) {
    case 'GET /v3/configs/config/secrets':
      return listSecrets(store, query);
    case 'GET /v3/configs/config/secret': {
      const name = query.get('name');
      if (!name) return refuse(400, 'Missing name');
      const raw = store.secrets.get(name);
      if (raw === undefined) return refuse(404, 'Could not find requested secret');
      return [200, { name, value: { raw, computed: raw, note: '' }, success: true }];
    }
    case 'POST /v3/configs/config/secrets': {
      if (scope.readOnly) return refuse(403, 'This token is read-only');
      if ((body.secrets === undefined) === (body.change_requests === undefined)) {
        return refuse(400, 'Either secrets or change_requests is required (not both)');
      }
      const refusal = core.applyChanges(store, body);
      if (refusal) return refuse(refusal.status, ...refusal.messages);
      return [200, { secrets: secretsObject(store), success: true }];
    }
    case 'GET /v3/configs/config/logs':
      return logsPage(store, query);
    default: {
      const log = store.logs.find((l) => l.id === query.get('log'));
      if (!log) return refuse(404, 'Could not find requested log');
      return [200, { log, success: true }];
    }
  }
}
