// What a route handler gets: its path params, query, parsed body, the live state it may change,
// and who is acting (for the audit log).
import type { Query } from '../http/query.js';
import type { Route } from '../http/router.js';
import type { AuditActor, EmulatorState } from '../types.js';

export interface RouteContext {
  params: Map<string, string>;
  query: Query;
  body: unknown;
  state: EmulatorState;
  actor: AuditActor;
  now: number;
}

export type ApiRoute = Route<RouteContext>;

/** A JSON object as served: anything with an `id` can be paginated. */
export interface ApiObject {
  id: string;
  [field: string]: unknown;
}

export function param(ctx: RouteContext, name: string): string {
  const value = ctx.params.get(name);
  if (value === undefined) throw new Error(`route has no {${name}} parameter`);
  return value;
}

export function route(method: 'GET' | 'POST' | 'DELETE', template: string, handler: ApiRoute['handler']): ApiRoute {
  return { method, template, handler };
}

export function deleted(object: string, id?: string): Record<string, unknown> {
  return id === undefined ? { object, deleted: true } : { id, object, deleted: true };
}
