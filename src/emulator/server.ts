// The request pipeline for /v1: auth → fault rules and latency → throttle → route → handler →
// save state. A handler that fails leaves the state exactly as it was.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate } from './auth.js';
import { handleControl } from './control.js';
import type { Emulator } from './emulator.js';
import type { FailureAction } from './faults.js';
import { parseJsonBody, readBody } from './http/body.js';
import { ApiFailure, invalidUrl, methodNotAllowed, rateLimited, serverError } from './http/errors.js';
import { Query } from './http/query.js';
import { dropConnection, sendFailure, sendJson, sendText } from './http/respond.js';
import { newRequestId, nowSeconds } from './ids.js';
import type { Route, RouteMatch } from './http/router.js';
import type { RouteContext } from './routes/context.js';
import { createApiRouter } from './routes/index.js';
import type { RequestLogEntry } from './types.js';

const router = createApiRouter();

type Outcome = Pick<RequestLogEntry, 'status' | 'key_id' | 'endpoint' | 'fault'>;

export function createRequestListener(emulator: Emulator): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handleRequest(emulator, req, res).catch((error: unknown) => {
      process.stderr.write(`orgform emulator: unexpected error: ${String(error)}\n`);
      if (!res.headersSent) sendFailure(res, serverError(), newRequestId());
    });
  };
}

async function handleRequest(emulator: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')) {
    return handleControl(emulator, req, res, url, requestId);
  }
  const at = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const outcome: Outcome = { status: 0, key_id: null, endpoint: null, fault: null };
  try {
    outcome.status = await serveApi(emulator, req, res, { url, method, requestId, outcome });
  } catch (error) {
    const failure = error instanceof ApiFailure ? error : unexpected(error);
    sendFailure(res, failure, requestId);
    outcome.status = failure.status;
  } finally {
    emulator.log.add({ at, method, path: url.pathname, query: url.search.slice(1), request_id: requestId, ...outcome });
  }
}

interface Exchange {
  url: URL;
  method: string;
  requestId: string;
  outcome: Outcome;
}

/** Answers the request and returns the status sent (0 when the connection was dropped). */
async function serveApi(emulator: Emulator, req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<number> {
  const { url, method, outcome } = ex;
  const bodyText = await readBody(req);
  if (!url.pathname.startsWith('/v1/')) throw invalidUrl(method, url.pathname);
  const apiPath = url.pathname.slice(3);
  const auth = authenticate(emulator.state, req.headers.authorization);
  outcome.key_id = auth.key.id;
  const match = router.match(method, apiPath);
  const template = templateOf(match) ?? apiPath;
  outcome.endpoint = match.kind === 'not_found' ? null : `${method} ${template}`;

  const fault = emulator.faults.decide(method, apiPath);
  const delay = emulator.baseLatencyMs() + fault.latencyMs;
  if (fault.latencyMs > 0) outcome.fault = 'latency';
  if (delay > 0) await sleep(delay);
  if (fault.action) outcome.fault = fault.action.kind;
  if (fault.action?.kind === 'drop') return drop(req, res);
  if (fault.action?.kind === 'status') throw statusFault(fault.action);
  if (emulator.throttle && !emulator.throttle.take(`${method} ${template}`)) {
    outcome.fault = 'throttle';
    const endpoint = `${method} ${template}`;
    const wait = emulator.throttle.msToNextToken(endpoint);
    // The throttle's own hint setting, or the behaviour profile's throttle_hint (none: no hint).
    throw emulator.throttle.settings.hint ? rateLimited(endpoint, wait) : emulator.behaviour.rateLimited(endpoint, wait);
  }
  if (match.kind === 'not_found') throw invalidUrl(method, url.pathname);
  if (match.kind === 'method_not_allowed') throw methodNotAllowed(method, url.pathname, match.allowed);

  const exchange = { method, template, params: match.params, search: url.searchParams, state: emulator.state };
  const auditBefore = emulator.state.audit_logs.length;
  const result = emulator.behaviour.before(exchange) ?? runHandler(emulator, match.route, {
    params: match.params,
    query: new Query(url.searchParams),
    body: method === 'POST' ? parseJsonBody(bodyText) : undefined,
    state: emulator.state,
    actor: auth.actor,
    now: nowSeconds(),
  });
  if (fault.action?.kind === 'commit_then_fail') {
    if (fault.action.then === 'drop' || fault.action.then === undefined) return drop(req, res);
    throw serverError(fault.action.then);
  }
  const answer = emulator.behaviour.answer(exchange, result, auditBefore);
  if ('text' in answer) sendText(res, answer.status, answer.text, ex.requestId);
  else sendJson(res, answer.status, answer.body, ex.requestId);
  return answer.status;
}

/** Runs a handler as a transaction: a change is saved when it succeeds, undone when it throws. */
function runHandler(emulator: Emulator, route: Route<RouteContext>, ctx: RouteContext): unknown {
  const restore = route.method === 'GET' ? null : takeSnapshot(emulator, route, ctx);
  try {
    const result = route.handler(ctx);
    if (restore) emulator.persist();
    return result;
  } catch (error) {
    restore?.();
    throw error;
  }
}

const PROJECT_SCOPED = '/organization/projects/{project_id}/';

/**
 * What a refused write must leave as it was. A write under one project (its settings, alerts,
 * members, service accounts, keys, rate limits) changes only that project and the audit log, so
 * only they are copied: copying the whole org for each write made a large org's apply quadratic.
 */
export function takeSnapshot(emulator: Emulator, route: Route<RouteContext>, ctx: RouteContext): () => void {
  const state = emulator.state;
  const projectId = route.template.startsWith(PROJECT_SCOPED) ? ctx.params.get('project_id') : undefined;
  const index = projectId === undefined ? -1 : state.projects.findIndex((p) => p.id === projectId);
  const project = state.projects[index];
  if (project) {
    const copy = structuredClone(project);
    const auditLength = state.audit_logs.length;
    return () => {
      state.projects[index] = copy;
      state.audit_logs.length = auditLength;
    };
  }
  // A write only appends to the audit log, which grows with every write: it is cut back, not
  // copied (copying it was 40 % of this snapshot's cost when applying the 200-project example).
  const auditLogs = state.audit_logs;
  const auditLength = auditLogs.length;
  const before = structuredClone({ ...state, audit_logs: [] });
  return () => {
    auditLogs.length = auditLength;
    emulator.state = { ...before, audit_logs: auditLogs };
  };
}

function templateOf<C>(match: RouteMatch<C>): string | null {
  if (match.kind === 'found') return match.route.template;
  return match.kind === 'method_not_allowed' ? match.template : null;
}

function drop(req: IncomingMessage, res: ServerResponse): number {
  dropConnection(req, res);
  return 0;
}

function statusFault(action: Extract<FailureAction, { kind: 'status' }>): ApiFailure {
  const headers: Record<string, string> = {};
  if (action.retryAfter !== undefined) headers['retry-after'] = String(action.retryAfter);
  if (action.retryAfterMs !== undefined) headers['retry-after-ms'] = String(action.retryAfterMs);
  if (action.status === 429) {
    return new ApiFailure(429, 'Rate limit reached for requests.', 'requests', null, 'rate_limit_exceeded', headers);
  }
  const failure = serverError(action.status);
  return new ApiFailure(failure.status, failure.message, failure.type, null, null, headers);
}

function unexpected(error: unknown): ApiFailure {
  process.stderr.write(`orgform emulator: handler error: ${error instanceof Error ? error.stack : String(error)}\n`);
  return serverError();
}
