// `orgform doctor`: read-only checks against the configured org, for a first run and for bug
// reports. It sends GETs only, ever; each check says pass, warn or fail and why.

import { readKeys } from '../live/read-keys.js';
import { keyHygieneFindings } from '../planner/key-hygiene.js';
import { request } from 'undici';
import { ApiError, UnexpectedAnswerError } from '../errors.js';
import { failer, getAnswer, NOT_FOUND, readModelPermissions, readProjectRetention, readSpendLimit, type Answer } from '../kinds/singleton-reads.js';
import { readKeyOwners } from '../live/read.js';
import { apiPath, type ApiPath } from '../providers/openai/api-path.js';
import type { ApiOrgUser, ApiProject } from '../providers/openai/api-types.js';
import { AdminClient, DEFAULT_BASE_URL } from '../providers/openai/client.js';
import { makeDispatcher } from '../providers/openai/dispatcher.js';
import { VERSION } from '../version.js';
import { parse } from './args.js';
import { checkAdminKey, checkBaseUrl, checkProxy, type Check } from './env-check.js';
import type { Io } from './io.js';

const DOCTOR_HELP = `usage: orgform doctor [--format text|json]

Read-only checks against the organization OPENAI_ADMIN_KEY and OPENAI_BASE_URL point at: the key's
shape, reachability and TLS, admin vs project key, who owns the key and their role, admin keys
with no expiry (key hygiene), how each setting answers when it is not set, whether audit logs are readable, throttle headers, latency.
Sends GET requests only. Exit status: 0 when no check failed, 1 otherwise.
--format json prints {"checks": [{"name", "status": "pass"|"warn"|"fail", "detail"}]}.`;

const THROTTLE_HEADERS = ['retry-after', 'retry-after-ms', 'x-should-retry', 'x-ratelimit-limit-requests', 'x-ratelimit-remaining-requests'];

export async function runDoctor(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) return io.out(DOCTOR_HELP), 0;
  if (positionals.length > 0 || (values.format !== 'text' && values.format !== 'json')) return io.err(DOCTOR_HELP), 1;
  const checks = await runChecks(io.env);
  io.out(values.format === 'json' ? JSON.stringify({ checks }, null, 2) : renderText(checks));
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

async function runChecks(env: Readonly<Record<string, string | undefined>>): Promise<Check[]> {
  const baseUrl = env['OPENAI_BASE_URL'] || DEFAULT_BASE_URL;
  const adminKey = env['OPENAI_ADMIN_KEY'];
  const checks: Check[] = [
    { name: 'version', status: 'pass', detail: `orgform ${VERSION}, Node.js ${process.versions.node}` },
    checkAdminKey(adminKey),
    checkBaseUrl(baseUrl),
    checkProxy(env),
  ];
  if (checks.some((c) => c.status === 'fail') || adminKey === undefined) {
    checks.push({ name: 'connection', status: 'fail', detail: 'not tried: fix the checks above first (no request was made)' });
    return checks;
  }
  const reach = await probe(baseUrl, adminKey, env);
  checks.push(...reach.checks);
  if (!reach.ok) return checks;
  const client = new AdminClient({ baseUrl, adminKey, concurrency: 4, maxAttempts: 2, timeoutMs: 15_000, env });
  try {
    checks.push(await keyOwner(client));
    checks.push(await adminKeyHygiene(client));
    checks.push(...(await singletons(client)));
    checks.push(await auditLogs(client));
  } finally {
    await client.close();
  }
  return checks;
}

/** One raw GET: reachability and TLS, admin vs project key, latency, throttle headers. */
async function probe(baseUrl: string, adminKey: string, env: Readonly<Record<string, string | undefined>>): Promise<{ ok: boolean; checks: Check[] }> {
  const dispatcher = makeDispatcher(1, env);
  const url = `${baseUrl.replace(/\/+$/, '')}/organization/projects?limit=1`;
  const started = Date.now();
  try {
    const response = await request(url, {
      method: 'GET',
      dispatcher,
      headers: { authorization: `Bearer ${adminKey}`, accept: 'application/json', 'user-agent': `orgform/${VERSION}` },
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
    });
    const text = await response.body.text();
    const ms = Date.now() - started;
    const status = response.statusCode;
    const seen = THROTTLE_HEADERS.filter((h) => response.headers[h] !== undefined);
    const checks: Check[] = [
      { name: 'connection', status: 'pass', detail: `${new URL(baseUrl).protocol === 'https:' ? 'TLS ok, ' : ''}answered ${status}` },
      { name: 'latency', status: ms > 3000 ? 'warn' : 'pass', detail: `${ms} ms for GET /organization/projects` },
      { name: 'throttle_headers', status: 'pass', detail: seen.length ? `seen: ${seen.join(', ')}` : 'none seen (orgform paces itself from 429s)' },
    ];
    const auth = authCheck(status, text);
    checks.push(auth);
    return { ok: auth.status !== 'fail', checks };
  } catch (error) {
    const message = error instanceof Error ? `${error.message}${causeOf(error)}` : String(error);
    return { ok: false, checks: [{ name: 'connection', status: 'fail', detail: `cannot reach ${baseUrl}: ${message.split(adminKey).join('[redacted]')}` }] };
  } finally {
    await dispatcher.close();
  }
}

function causeOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
}

function authCheck(status: number, text: string): Check {
  const body = parseJson(text) as { data?: unknown; error?: { message?: unknown } } | null;
  const message = typeof body?.error?.message === 'string' ? `: ${body.error.message}` : '';
  if (status >= 200 && status < 300 && Array.isArray(body?.data)) return { name: 'auth', status: 'pass', detail: 'the key is accepted as an admin key' };
  if (status === 401) return { name: 'auth', status: 'fail', detail: `the key was refused (401)${message}` };
  if (status === 403) return { name: 'auth', status: 'fail', detail: `the key is not allowed to use the Admin API (403): a project key, or an admin key without rights${message}` };
  return { name: 'auth', status: 'fail', detail: `the server did not answer like the OpenAI Admin API (${status}): ${text.slice(0, 160).replace(/\s+/g, ' ')}` };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function keyOwner(client: AdminClient): Promise<Check> {
  try {
    const owners = await readKeyOwners(client);
    const ids = owners.key_owner_ids;
    if (!ids) return { name: 'key_owner', status: 'warn', detail: `the key-owner guard will be off: ${owners.key_owner_unknown ?? 'unknown'}` };
    const users = await client.list<ApiOrgUser>(apiPath`/organization/users`);
    const who = ids.map((id) => users.find((u) => u.id === id)).map((u, i) => (u ? `${u.email ?? u.id} (${u.role ?? 'no role'})` : `${ids[i]} (not an org user)`));
    return { name: 'key_owner', status: 'pass', detail: `the key is owned by ${who.join(', ')}` };
  } catch (error) {
    return failed('key_owner', error);
  }
}

/** Key hygiene (read only): admin keys with no expiry. Project keys are plan --count-unmanaged's. */
async function adminKeyHygiene(client: AdminClient): Promise<Check> {
  try {
    const keys = await readKeys(client, [], Math.floor(Date.now() / 1000));
    const findings = keyHygieneFindings(keys, new Map(), undefined);
    if (keys.admin_keys === null) return { name: 'key_hygiene', status: 'warn', detail: 'the admin keys could not be listed with this key' };
    if (findings.length === 0) return { name: 'key_hygiene', status: 'pass', detail: `every admin key (${keys.admin_keys.length}) has an expiry` };
    return { name: 'key_hygiene', status: 'warn', detail: findings.map((f) => f.message).join('; ') };
  } catch (error) {
    return failed('key_hygiene', error);
  }
}

/** How each singleton answers on one active project: which "not set" answer this org gives. */
async function singletons(client: AdminClient): Promise<Check[]> {
  let project: ApiProject | undefined;
  try {
    project = (await client.get<{ data: ApiProject[] }>(apiPath`/organization/projects`, { limit: 1 })).data[0];
  } catch (error) {
    return [failed('settings', error)];
  }
  if (!project) return [{ name: 'settings', status: 'warn', detail: 'no project to read settings from' }];
  const id = project.id;
  const reads: [string, ApiPath, (a: Answer, fail: (d: string) => never) => unknown][] = [
    ['model_permissions', apiPath`/organization/projects/${id}/model_permissions`, readModelPermissions],
    ['spend_limit', apiPath`/organization/projects/${id}/spend_limit`, readSpendLimit],
    ['data_retention', apiPath`/organization/projects/${id}/data_retention`, readProjectRetention],
  ];
  return Promise.all(
    reads.map(async ([name, path, read]): Promise<Check> => {
      try {
        const answer = await getAnswer(client, path);
        const meaning = JSON.stringify(read(answer, failer(client, path)));
        const raw = answer === NOT_FOUND ? '404' : `200 ${JSON.stringify(answer)}`;
        return { name, status: 'pass', detail: `project ${JSON.stringify(project.name ?? id)}: answered ${raw.slice(0, 200)}; read as ${meaning}` };
      } catch (error) {
        return failed(name, error);
      }
    }),
  );
}

async function auditLogs(client: AdminClient): Promise<Check> {
  try {
    await client.get(apiPath`/organization/audit_logs`, { limit: 1 });
    return { name: 'audit_logs', status: 'pass', detail: 'readable: plans can say who changed what' };
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
      return { name: 'audit_logs', status: 'warn', detail: `not readable (${error.status}): plans will carry no attribution. ${error.apiMessage}` };
    }
    return failed('audit_logs', error);
  }
}

function failed(name: string, error: unknown): Check {
  const known = error instanceof ApiError || error instanceof UnexpectedAnswerError;
  return { name, status: 'fail', detail: known ? (error as Error).message : `unexpected: ${String(error)}` };
}

function renderText(checks: Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.map((c) => `${c.status.toUpperCase().padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`);
  const failures = checks.filter((c) => c.status === 'fail').length;
  const warnings = checks.filter((c) => c.status === 'warn').length;
  return [...lines, '', `${failures} failed, ${warnings} warning(s), ${checks.length - failures - warnings} passed.`].join('\n');
}
