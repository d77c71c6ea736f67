// GET /organization/audit_logs: newest first, with the contract's filters.
import { actorEmail, actorIds, renderEvent } from '../audit.js';
import { badRequest } from '../http/errors.js';
import type { Query } from '../http/query.js';
import { paginate, readPageRequest } from '../pagination.js';
import type { AuditEventRecord } from '../types.js';
import { route, type ApiObject, type ApiRoute, type RouteContext } from './context.js';

type Predicate = (event: AuditEventRecord) => boolean;

function timeFilters(query: Query): Predicate[] {
  const bounds: [string, (at: number, bound: number) => boolean][] = [
    ['gt', (at, b) => at > b],
    ['gte', (at, b) => at >= b],
    ['lt', (at, b) => at < b],
    ['lte', (at, b) => at <= b],
  ];
  return bounds.flatMap(([op, test]) => {
    const bound = query.int(`effective_at[${op}]`, 0, Number.MAX_SAFE_INTEGER);
    return bound === undefined ? [] : [(e: AuditEventRecord) => test(e.effective_at, bound)];
  });
}

function listFilter(values: string[], test: (event: AuditEventRecord, wanted: Set<string>) => boolean): Predicate[] {
  if (values.length === 0) return [];
  const wanted = new Set(values);
  return [(e) => test(e, wanted)];
}

function filters(query: Query): Predicate[] {
  if (query.bool('tenant_only')) {
    throw badRequest('Tenant-scoped audit events are not emulated.', 'tenant_only');
  }
  const emails = query.list('actor_emails').map((e) => e.toLowerCase());
  return [
    ...timeFilters(query),
    ...listFilter(query.list('project_ids'), (e, w) => e.project !== null && w.has(e.project.id)),
    ...listFilter(query.list('event_types'), (e, w) => w.has(e.type)),
    ...listFilter(query.list('actor_ids'), (e, w) => actorIds(e.actor).some((id) => w.has(id))),
    ...listFilter(emails, (e, w) => w.has(actorEmail(e.actor).toLowerCase())),
    ...listFilter(query.list('resource_ids'), (e, w) => e.resource_ids.some((id) => w.has(id))),
  ];
}

function listAuditLogs(ctx: RouteContext): unknown {
  const predicates = filters(ctx.query);
  const matching = ctx.state.audit_logs.filter((e) => predicates.every((p) => p(e)));
  const newestFirst: ApiObject[] = matching.reverse().map((e) => ({ id: e.id, ...renderEvent(e) }));
  return paginate(newestFirst, readPageRequest(ctx.query, { before: true }));
}

export const auditLogRoutes: ApiRoute[] = [route('GET', '/organization/audit_logs', listAuditLogs)];
