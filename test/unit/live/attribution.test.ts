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

/** Answers GET /organization/audit_logs with `answer(query)`, and records each query. */
function fakeClient(answer: (query: Query) => Page) {
  const queries: Query[] = [];
  const client = {
    get: async (path: { path: string }, query: Query) => {
      expect(path.path).toBe('/organization/audit_logs');
      queries.push(query);
      return answer(query);
    },
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
  it('finds a project setting in project.updated events that name it, skipping those that do not', async () => {
    const { client, queries } = fakeClient(() => ({
      data: [
        event({ id: 'e1', actor: byUser('late@example.com'), 'project.updated': { changes_requested: { title: 'x' } } }),
        event({ id: 'e2', actor: byUser('carol@example.com'), effective_at: 1700000100, 'project.updated': { changes_requested: { data_retention: 'none' } } }),
      ],
    }));
    const change = driftChange('project["Research"].data_retention');
    const plan = { ...planCase('plan-drift-update').plan, changes: [change] };
    const [attributed] = (await attributeDrift(client, plan)).changes;
    expect(attributed?.attribution).toEqual({ event_type: 'project.updated', actor: 'carol@example.com', at: 1700000100 });
    expect(queries).toEqual([
      expect.objectContaining({ event_types: ['project.updated'], resource_ids: [change.project && 'id' in change.project ? change.project.id : ''] }),
    ]);
  });

  it('asks for each kind by its own event types and ids', async () => {
    const { client, queries } = fakeClient(() => ({ data: [] }));
    const plan = planCase('plan-drift-update').plan;
    await attributeDrift(client, plan);
    const asked = queries.map((q) => (q['event_types'] as string[]).join(',')).sort();
    expect(asked).toEqual(
      [
        'organization.updated', // organization data_retention
        'project.updated', // project data_retention
        'project.updated', // model_permissions
        'rate_limit.updated',
        'project.updated', // spend_alert[1000]
        'project.updated', // spend_alert[2000]
        'project.updated', // spend_limit
        'user.added,user.updated', // carol's role
      ].sort(),
    );
    const alert = driftChange('project["Research"].spend_alert[2000]');
    expect(queries).toContainEqual(expect.objectContaining({ resource_ids: [alert.target_id] }));
  });

  it('says null when the audit log knows nothing, after at most maxPages pages', async () => {
    const { client, queries } = fakeClient((q) => ({ data: [event({ id: String(q['after'] ?? 'p0') })], has_more: true, last_id: `after-${String(q['after'] ?? 'p0')}` }));
    const plan = { ...planCase('plan-drift-update').plan, changes: [driftChange('project["Research"].spend_limit')] };
    const [attributed] = (await attributeDrift(client, plan, 2)).changes;
    expect(attributed?.attribution).toBeNull();
    expect(queries.map((q) => q['after'])).toEqual([undefined, 'after-p0']);
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
