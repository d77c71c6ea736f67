// Audit logs through the SDK: every change recorded with its actor, newest first, and each filter.
import OpenAI from 'openai';
import type { AuditLogListParams, AuditLogListResponse } from 'openai/resources/admin/organization/audit-logs';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { CAROL_KEY, collect, sdk, start } from './support.js';

let emu: RunningEmulator;
let alice: OpenAI;
let carol: OpenAI;

beforeEach(async () => {
  emu = await start();
  alice = sdk(emu);
  carol = sdk(emu, { apiKey: CAROL_KEY });
});
afterEach(() => emu.close());

const logs = (client: OpenAI, query: AuditLogListParams = {}) =>
  collect<AuditLogListResponse>(client.admin.organization.auditLogs.list(query));

test('each change is an event with the acting key, newest first', async () => {
  const project = await alice.admin.organization.projects.create({ name: 'Audited' });
  await carol.admin.organization.projects.update(project.id, { name: 'Audited 2' });
  await alice.admin.organization.projects.archive(project.id);

  const events = await logs(alice);
  expect(events.map((e) => e.type)).toEqual(['project.archived', 'project.updated', 'project.created']);
  const [archived, updated, created] = events;
  expect(created?.actor).toEqual({
    type: 'api_key',
    api_key: { id: 'key_admin_demo', type: 'user', user: { id: 'user-alice', email: 'alice@example.com' } },
  });
  expect(created?.['project.created']).toEqual({ id: project.id, data: { name: 'Audited', title: 'Audited' } });
  expect(updated?.actor?.api_key?.user?.email).toBe('carol@example.com');
  expect(updated?.['project.updated']).toEqual({ id: project.id, changes_requested: { title: 'Audited 2' } });
  expect(archived?.project).toEqual({ id: project.id, name: 'Audited 2' });
  expect(archived?.id).toMatch(/^audit_log-/);
  expect(typeof archived?.effective_at).toBe('number');
});

test('filters: event_types, project_ids, actor_ids, actor_emails, resource_ids, effective_at', async () => {
  const projects = alice.admin.organization.projects;
  const alert = await projects.spendAlerts.create('proj_research', {
    currency: 'USD',
    interval: 'month',
    threshold_amount: 1234,
    notification_channel: { type: 'email', recipients: ['x@example.com'] },
  });
  await carol.admin.organization.projects.modelPermissions.update('proj_default', { mode: 'allow_list', model_ids: ['o3'] });
  await carol.admin.organization.invites.create({ email: 'judy@example.com', role: 'reader', projects: [] });
  await alice.admin.organization.dataRetention.update({ retention_type: 'zero_data_retention' });

  expect((await logs(alice, { event_types: ['invite.sent'] })).map((e) => e['invite.sent']?.data?.email)).toEqual([
    'judy@example.com',
  ]);
  const research = await logs(alice, { project_ids: ['proj_research'] });
  expect(research).toHaveLength(1);
  expect(research[0]?.['project.updated']).toEqual({
    id: 'proj_research',
    changes_requested: {
      spend_alerts: {
        id: alert.id,
        currency: 'USD',
        interval: 'month',
        threshold_amount: 1234,
        notification_channel: { type: 'email', recipients: ['x@example.com'], subject_prefix: null },
      },
    },
  });
  expect((await logs(alice, { resource_ids: [alert.id] })).map((e) => e.id)).toEqual(research.map((e) => e.id));
  expect(await logs(alice, { resource_ids: ['proj_research'] })).toHaveLength(1);

  const byCarol = await logs(alice, { actor_emails: ['carol@example.com'] });
  expect(byCarol.map((e) => e.type)).toEqual(['invite.sent', 'project.updated']);
  expect(await logs(alice, { actor_ids: ['key_admin_carol'] })).toHaveLength(2);
  expect(await logs(alice, { actor_ids: ['user-alice'] })).toHaveLength(2);

  const org = await logs(alice, { event_types: ['organization.updated'] });
  expect(org[0]?.['organization.updated']?.id).toBe('org-acme');

  const now = Math.floor(Date.now() / 1000);
  expect(await logs(alice, { effective_at: { gte: now - 60 } })).toHaveLength(4);
  expect(await logs(alice, { effective_at: { lt: now - 60 } })).toHaveLength(0);
  expect(await logs(alice, { effective_at: { gt: now + 60 } })).toHaveLength(0);
});

test('auto-pagination over many events; before pages backwards', async () => {
  for (let i = 0; i < 7; i++) await alice.admin.organization.projects.create({ name: `p${i}` });
  const all = await collect(alice.admin.organization.auditLogs.list({ limit: 2 }));
  expect(all.map((e) => e['project.created']?.data?.name)).toEqual(['p6', 'p5', 'p4', 'p3', 'p2', 'p1', 'p0']);
  const before = await alice.admin.organization.auditLogs.list({ before: all[3]?.id ?? '', limit: 2 });
  expect(before.data.map((e) => e['project.created']?.data?.name)).toEqual(['p5', 'p4']);
  expect(before.has_more).toBe(true);
});

test('sub-resources without an event type are project.updated; deletions too', async () => {
  await alice.admin.organization.projects.spendLimit.update('proj_legacy', { currency: 'USD', interval: 'month', threshold_amount: 5 });
  await alice.admin.organization.projects.spendLimit.delete('proj_legacy');
  await alice.admin.organization.projects.dataRetention.update('proj_legacy', { retention_type: 'none' });
  await alice.admin.organization.projects.rateLimits.updateRateLimit('rl-o3', { project_id: 'proj_legacy', max_requests_per_1_minute: 9 });
  const events = await logs(alice);
  expect(events.map((e) => e.type)).toEqual(['rate_limit.updated', 'project.updated', 'project.updated', 'project.updated']);
  expect(events.map((e) => e['project.updated']?.changes_requested)).toEqual([
    undefined,
    { data_retention: { retention_type: 'none' } },
    { spend_limit: { deleted: true } },
    { spend_limit: { currency: 'USD', interval: 'month', threshold_amount: 5 } },
  ]);
  expect(events[0]?.['rate_limit.updated']).toEqual({ id: 'rl-o3', changes_requested: { max_requests_per_1_minute: 9 } });
});

test('refused requests record nothing', async () => {
  await alice.admin.organization.projects.create({ name: '' }).catch(() => undefined);
  await alice.admin.organization.projects.update('proj_oldarchive', { name: 'x' }).catch(() => undefined);
  expect(await logs(alice)).toEqual([]);
});
