// Drift attribution on a fake client: which audit-log query each drifted change makes, how the
// answer becomes an attribution, and where it stops looking. Plans from the golden drift case.

import { describe, expect, it } from 'vitest';
import { actorOf, attributeDrift } from '../../../src/live/attribution.js';
import type { Change } from '../../../src/plan/types.js';
import type { ApiAuditLog } from '../../../src/providers/openai/api-types.js';
import type { AdminClient, Query } from '../../../src/providers/openai/client.js';
import { planCase } from '../planner/cases.js';

interface Page {
  data: ApiAuditLog[];
  has_more?: boolean;
  last_id?: string;
}

/** Answers GET /organization/audit_logs with `answer(query)`, and records each query; one admin key, `key_own`, is the key in use. */
function fakeClient(answer: (query: Query) => Page) {
  const queries: Query[] = [];
  const client = {
    get: async (path: { path: string }, query: Query) => {
      if (path.path === '/organization/admin_api_keys') return { data: [{ id: 'key_own', redacted_value: 'sk-admin...own1' }] };
      expect(path.path).toBe('/organization/audit_logs');
      queries.push(query);
      return answer(query);
    },
    isKeyInUse: (redacted: string) => redacted === 'sk-admin...own1',
  } as unknown as AdminClient;
  return { client, queries };
}

const event = (over: Partial<ApiAuditLog> & Record<string, unknown>): ApiAuditLog => ({ id: 'evt', type: 'project.updated', effective_at: 1700000000, ...over });
const byUser = (email: string) => ({ type: 'session' as const, session: { user: { email } } });

function driftChange(address: string): Change {
  const change = planCase('plan-drift-update').plan.changes.find((c) => c.address === address);
  if (!change) throw new Error(`no change ${address} in the drift case`);
  return change;
}

describe('attributeDrift', () => {
  it('matches on the payload id; an event made with the key in use reads as orgform', async () => {
    const limit = driftChange('project["Research"].rate_limit["gpt-4o"]');
    const { client } = fakeClient(() => ({
      data: [
        event({ id: 'e1', type: 'rate_limit.updated', actor: byUser('late@example.com'), 'rate_limit.updated': { id: 'rl_other' } }),
        event({ id: 'e2', type: 'rate_limit.updated', actor: byUser('carol@example.com'), effective_at: 1700000100, 'rate_limit.updated': { id: limit.target_id } }),
      ],
    }));
    const plan = { ...planCase('plan-drift-update').plan, changes: [limit] };
    const [attributed] = (await attributeDrift(client, plan)).changes;
    expect(attributed?.attribution).toEqual({ event_type: 'rate_limit.updated', actor: 'carol@example.com', at: 1700000100 });
    const own = fakeClient(() => ({
      data: [event({ id: 'e3', type: 'rate_limit.updated', actor: { type: 'api_key', api_key: { id: 'key_own', user: { email: 'o@example.com' } } }, 'rate_limit.updated': { id: limit.target_id } })],
    }));
    const [mine] = (await attributeDrift(own.client, plan)).changes;
    expect(mine?.attribution?.actor).toBe('orgform');
  });

  it('asks only event types the SDK documents, one batch per type; settings no event covers are named once', async () => {
    const { client, queries } = fakeClient(() => ({ data: [] }));
    const plan = planCase('plan-drift-update').plan;
    const out = await attributeDrift(client, plan);
    expect(queries.map((q) => (q['event_types'] as string[]).join(',')).sort()).toEqual(['rate_limit.updated', 'user.added,user.updated']);
    const notes = out.notes.map((n) => n.message);
    expect(notes.filter((m) => m.startsWith('the audit log has no event for'))).toHaveLength(1);
    expect(notes).toContainEqual(expect.stringMatching(/^attribution: 3 audit-log request\(s\) of a budget of 10$/));
    for (const change of out.changes.filter((c) => ['spend_limit', 'spend_alert', 'model_permissions', 'project_data_retention', 'organization_data_retention'].includes(c.kind))) {
      expect(change.attribution).toBeUndefined();
    }
  });

  it('stops at the request budget and says so; what it did not find carries no attribution', async () => {
    const { client, queries } = fakeClient((q) => ({ data: [event({ id: String(q['after'] ?? 'p0') })], has_more: true, last_id: `after-${String(q['after'] ?? 'p0')}` }));
    const plan = { ...planCase('plan-drift-update').plan, changes: [driftChange('project["Research"].rate_limit["gpt-4o"]')] };
    const out = await attributeDrift(client, plan, 3);
    expect(out.changes[0]?.attribution).toBeUndefined();
    expect(queries.map((q) => q['after'])).toEqual([undefined, 'after-p0']);
    expect(out.notes.at(-1)?.message).toContain('the budget ran out before 1 change(s) were found');
  });

  it('looks nothing up for creates (nothing drifted) and archives', async () => {
    const { client, queries } = fakeClient(() => ({ data: [] }));
    const create = planCase('plan-create-from-empty').plan;
    const removals = planCase('plan-removals-over-limit').plan;
    const archive = removals.changes.filter((c) => c.action === 'archive');
    expect(archive).toHaveLength(1);
    const out = await attributeDrift(client, { ...create, changes: [...create.changes.filter((c) => c.before === null), ...archive] });
    expect(out.changes.every((c) => c.attribution === undefined)).toBe(true);
    expect(queries).toEqual([]);
  });
});

describe('actorOf', () => {
  it('prefers a person, then a service account, then the key', () => {
    expect(actorOf(event({ actor: { type: 'api_key', api_key: { id: 'key_1', user: { email: 'a@example.com' } } } }))).toBe('a@example.com');
    expect(actorOf(event({ actor: byUser('s@example.com') }))).toBe('s@example.com');
    expect(actorOf(event({ actor: { type: 'api_key', api_key: { id: 'key_2', service_account: { id: 'svc_1' } } } }))).toBe('svc_1');
    expect(actorOf(event({ actor: { type: 'api_key', api_key: { id: 'key_3' } } }))).toBe('key_3');
    expect(actorOf(event({ actor: null }))).toBe('an unknown actor');
  });
});
