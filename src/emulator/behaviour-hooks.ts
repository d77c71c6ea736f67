// Where a behaviour profile changes an answer: before a handler runs (an alternative answer or
// refusal), and after (the status, the list page, the audit events' project).
import { DEFAULT_BEHAVIOUR, type BehaviourSettings } from './behaviour.js';
import { ApiFailure, badRequest, notFound, rateLimited } from './http/errors.js';
import type { EmulatorState } from './types.js';

export interface BehaviourExchange {
  method: string;
  template: string;
  params: Map<string, string>;
  search: URLSearchParams;
  state: EmulatorState;
}

/** What to send: JSON, or raw text (a body cut short). */
export type Answer = { status: number; body: unknown } | { status: number; text: string };

const PROJECT = '/organization/projects/{project_id}';

export class Behaviour {
  settings: BehaviourSettings = { ...DEFAULT_BEHAVIOUR };
  /** When each object this emulator created was created (ms), for read_after_create_404_ms. */
  private readonly createdAt = new Map<string, number>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Replaces the profile: what is not given is the default. */
  set(settings: Partial<BehaviourSettings>): void {
    this.settings = { ...DEFAULT_BEHAVIOUR, ...settings };
  }

  /** An answer instead of the handler's (or a thrown refusal); undefined to run the handler. */
  before(ex: BehaviourExchange): unknown {
    const s = this.settings;
    const project = () => ex.state.projects.find((p) => p.id === ex.params.get('project_id'));
    if (ex.method === 'GET') {
      if (s.audit_logs === 'forbidden' && ex.template === '/organization/audit_logs') {
        throw new ApiFailure(403, 'Audit logging is not enabled for this organization.', 'invalid_request_error', null, 'audit_logs_disabled');
      }
      const fresh = [...ex.params.values()].find((id) => this.clock() - (this.createdAt.get(id) ?? -Infinity) < s.read_after_create_404_ms);
      if (fresh !== undefined) throw notFound(`No such object: '${fresh}'.`);
      if (s.model_permissions_unset === '404' && ex.template === `${PROJECT}/model_permissions` && project()?.model_permissions === null) {
        throw notFound(`No model permissions are set for project '${ex.params.get('project_id')}'.`);
      }
      if (s.spend_limit_unset === 'inactive' && ex.template === `${PROJECT}/spend_limit` && project()?.spend_limit === null) {
        return { object: 'project.spend_limit', currency: 'USD', interval: 'month', threshold_amount: 0, enforcement: { status: 'inactive' } };
      }
    }
    if (s.rearchive === '400' && ex.template === `${PROJECT}/archive` && project()?.status === 'archived') {
      throw badRequest(`Project '${ex.params.get('project_id')}' is already archived.`, 'project_id', 'project_archived');
    }
    return undefined;
  }

  /** The answer to send for a handler's result; `auditBefore` is the audit log's length before it ran. */
  answer(ex: BehaviourExchange, result: unknown, auditBefore: number): Answer {
    const s = this.settings;
    if (s.audit_admin_key_project === 'default') this.moveToDefaultProject(ex.state, auditBefore);
    const id = (result as { id?: unknown } | null)?.id;
    const created = ex.method === 'POST' && typeof id === 'string' && ![...ex.params.values()].includes(id);
    if (created) this.createdAt.set(id, this.clock());
    if (s.admin_key_redaction === 'masked' && ex.template.startsWith('/organization/admin_api_keys')) maskRedactions(result);
    if (ex.method === 'GET' && (result as { object?: unknown } | null)?.object === 'list' && this.breaksList(ex)) {
      return breakPage(s.list_page, result as ListPage, ex.search.get('after'));
    }
    return { status: created && s.create_status === '201' ? 201 : 200, body: result };
  }

  rateLimited(endpoint: string, waitMs: number): ApiFailure {
    if (this.settings.throttle_hint === 'none') return rateLimited(endpoint);
    const seconds = (Math.max(waitMs, 1) / 1000).toFixed(3);
    return new ApiFailure(429, `You've exceeded the rate limit, please slow down and try again after ${seconds} seconds.`, 'requests', null, 'rate_limit_exceeded');
  }

  private breaksList(ex: BehaviourExchange): boolean {
    const s = this.settings;
    if (s.list_page === 'ok') return false;
    if (s.list_page_endpoint !== '' && s.list_page_endpoint !== ex.template) return false;
    // A loop breaks every page; the others break the first.
    return s.list_page === 'loop' || ex.search.get('after') === null;
  }

  /** The SDK: "any admin actions taken via Admin API keys are associated with the default project". */
  private moveToDefaultProject(state: EmulatorState, from: number): void {
    const home = state.projects.find((p) => p.is_default);
    for (const event of state.audit_logs.slice(from)) {
      if (event.actor.type === 'api_key') event.project = home ? { id: home.id, name: home.name } : null;
    }
  }
}

/** `sk-admin...abcd` → `sk-a************abcd`: a redaction orgform cannot match to a key. */
function maskRedactions(result: unknown): void {
  const keys = (result as { data?: unknown }).data ?? [result];
  for (const key of keys as { redacted_value?: unknown }[]) {
    const value = key.redacted_value;
    if (typeof value === 'string') key.redacted_value = `${value.slice(0, 4)}${'*'.repeat(12)}${value.slice(-4)}`;
  }
}

interface ListPage {
  object: 'list';
  data: { id?: string }[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

function breakPage(mode: BehaviourSettings['list_page'], page: ListPage, after: string | null): Answer {
  switch (mode) {
    case 'no_data': {
      const { data: _dropped, ...rest } = page;
      return { status: 200, body: rest };
    }
    case 'no_cursor':
      return { status: 200, body: { ...page, data: [], first_id: null, last_id: null, has_more: true } };
    case 'repeat':
      return { status: 200, body: { ...page, data: page.data.length ? [...page.data, page.data[0]] : [] } };
    case 'loop':
      return { status: 200, body: { ...page, has_more: true, last_id: after ?? page.last_id } };
    case 'truncated': {
      const text = JSON.stringify(page);
      return { status: 200, text: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
    }
    case 'ok':
      return { status: 200, body: page };
  }
}
