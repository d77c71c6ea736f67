// The organization's spend limit and spend alerts through the SDK: the same rules as the
// project ones, with `organization.*` objects.
import OpenAI from 'openai';
import type { OrganizationSpendAlert } from 'openai/resources/admin/organization/spend-alerts';
import { describe, expect, test } from 'vitest';
import { collect, errorOf, failure, raw, useSdk } from './support.js';

const env = useSdk();
const org = () => env.client.admin.organization;

describe('organization spend limit', () => {
  test('404 when none is set; POST upserts; DELETE removes', async () => {
    expect(await failure(org().spendLimit.retrieve())).toBeInstanceOf(OpenAI.NotFoundError);
    const limit = await org().spendLimit.update({ currency: 'USD', interval: 'month', threshold_amount: 500_000 });
    expect(limit).toEqual({
      object: 'organization.spend_limit',
      currency: 'USD',
      interval: 'month',
      threshold_amount: 500_000,
      enforcement: { status: 'inactive' },
    });
    await org().spendLimit.update({ currency: 'USD', interval: 'month', threshold_amount: 600_000 });
    expect((await org().spendLimit.retrieve()).threshold_amount).toBe(600_000);
    expect(await org().spendLimit.delete()).toEqual({ object: 'organization.spend_limit.deleted', deleted: true });
    expect(await failure(org().spendLimit.delete())).toBeInstanceOf(OpenAI.NotFoundError);
  });

  test('every field is required; the project limits are untouched', async () => {
    const partial = await raw(env.emu, 'POST', '/v1/organization/spend_limit', { body: JSON.stringify({ threshold_amount: 1 }) });
    expect(partial.status).toBe(400);
    expect(errorOf(partial.body).param).toBe('currency');
    await org().spendLimit.update({ currency: 'USD', interval: 'month', threshold_amount: 1 });
    expect(await failure(org().projects.spendLimit.retrieve('proj_default'))).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('organization spend alerts', () => {
  const body = (threshold: number) => ({
    currency: 'USD' as const,
    interval: 'month' as const,
    threshold_amount: threshold,
    notification_channel: { type: 'email' as const, recipients: ['cfo@example.com'], subject_prefix: '[acme]' },
  });

  test('create, list (a ConversationCursorPage) in both orders, retrieve, replace, delete', async () => {
    expect(await collect(org().spendAlerts.list())).toEqual([]);
    const created: OrganizationSpendAlert[] = [];
    for (const t of [100, 200, 300]) created.push(await org().spendAlerts.create(body(t)));
    expect(created[0]).toEqual({ id: created[0]?.id, object: 'organization.spend_alert', ...body(100) });
    expect(created[0]?.id).toMatch(/^alert_/);

    expect((await collect(org().spendAlerts.list({ limit: 2 }))).map((a) => a.threshold_amount)).toEqual([100, 200, 300]);
    expect((await collect(org().spendAlerts.list({ limit: 2, order: 'desc' }))).map((a) => a.threshold_amount)).toEqual([300, 200, 100]);
    const page = await org().spendAlerts.list({ limit: 1 });
    expect(page.last_id).toBe(created[0]?.id);

    const id = created[1]?.id ?? '';
    expect(await org().spendAlerts.retrieve(id)).toEqual(created[1]);
    const replaced = await org().spendAlerts.update(id, body(250));
    expect(replaced.threshold_amount).toBe(250);
    expect(await org().spendAlerts.delete(id)).toEqual({ id, object: 'organization.spend_alert.deleted', deleted: true });
    expect(await failure(org().spendAlerts.retrieve(id))).toBeInstanceOf(OpenAI.NotFoundError);
    expect((await collect(org().projects.spendAlerts.list('proj_research'))).map((a) => a.id)).toEqual(['alert_research50k']);
  });

  test('update is a full replace: a partial body is a 400', async () => {
    const alert = await org().spendAlerts.create(body(100));
    const partial = await raw(env.emu, 'POST', `/v1/organization/spend_alerts/${alert.id}`, {
      body: JSON.stringify({ threshold_amount: 5 }),
    });
    expect(partial.status).toBe(400);
    expect((await org().spendAlerts.retrieve(alert.id)).threshold_amount).toBe(100);
  });

  test('each change is an organization.updated event', async () => {
    await org().spendLimit.update({ currency: 'USD', interval: 'month', threshold_amount: 1 });
    const events = await collect(org().auditLogs.list({ event_types: ['organization.updated'] }));
    expect(events[0]?.['organization.updated']).toEqual({
      id: 'org-acme',
      changes_requested: { spend_limit: { currency: 'USD', interval: 'month', threshold_amount: 1 } },
    });
  });
});
