// Project singletons (model permissions, data retention, spend limit), spend alerts and rate
// limits through the SDK.
import OpenAI from 'openai';
import type { ProjectSpendAlert } from 'openai/resources/admin/organization/projects/spend-alerts';
import { describe, expect, test } from 'vitest';
import { collect, errorOf, raw, useSdk } from './support.js';

const env = useSdk();

const projects = () => env.client.admin.organization.projects;

describe('model permissions', () => {
  test('unset reads as deny_list of nothing; POST replaces; DELETE resets', async () => {
    expect(await projects().modelPermissions.retrieve('proj_default')).toEqual({
      object: 'project.model_permissions',
      mode: 'deny_list',
      model_ids: [],
    });
    expect((await projects().modelPermissions.retrieve('proj_research')).model_ids).toEqual(['gpt-4o-mini']);
    const set = await projects().modelPermissions.update('proj_research', { mode: 'allow_list', model_ids: ['gpt-4.1', 'o3'] });
    expect(set).toEqual({ object: 'project.model_permissions', mode: 'allow_list', model_ids: ['gpt-4.1', 'o3'] });
    expect(await projects().modelPermissions.delete('proj_research')).toEqual({
      object: 'project.model_permissions.deleted',
      deleted: true,
    });
    expect((await projects().modelPermissions.retrieve('proj_research')).model_ids).toEqual([]);
  });

  test('mode and model_ids are both required', async () => {
    const response = await raw(env.emu, 'POST', '/v1/organization/projects/proj_research/model_permissions', {
      body: JSON.stringify({ mode: 'allow_list' }),
    });
    expect(response.status).toBe(400);
    expect(errorOf(response.body).param).toBe('model_ids');
    expect((await projects().modelPermissions.retrieve('proj_research')).mode).toBe('deny_list');
  });
});

describe('data retention', () => {
  test('request field retention_type, response field type; default organization_default', async () => {
    expect(await projects().dataRetention.retrieve('proj_default')).toEqual({ object: 'project.data_retention', type: 'organization_default' });
    const updated = await projects().dataRetention.update('proj_default', { retention_type: 'zero_data_retention' });
    expect(updated).toEqual({ object: 'project.data_retention', type: 'zero_data_retention' });
    const bad = await raw(env.emu, 'POST', '/v1/organization/projects/proj_default/data_retention', {
      body: JSON.stringify({ retention_type: 'forever' }),
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body).param).toBe('retention_type');
    const legacyName = await raw(env.emu, 'POST', '/v1/organization/projects/proj_default/data_retention', {
      body: JSON.stringify({ type: 'none' }),
    });
    expect(errorOf(legacyName.body).param).toBe('type');
  });
});

describe('spend limit', () => {
  test('404 when none is set; POST upserts; DELETE removes', async () => {
    await expect(projects().spendLimit.retrieve('proj_default')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const limit = await projects().spendLimit.update('proj_default', { currency: 'USD', interval: 'month', threshold_amount: 100_000 });
    expect(limit).toEqual({
      object: 'project.spend_limit',
      currency: 'USD',
      interval: 'month',
      threshold_amount: 100_000,
      enforcement: { status: 'inactive' },
    });
    await projects().spendLimit.update('proj_default', { currency: 'USD', interval: 'month', threshold_amount: 200_000 });
    expect((await projects().spendLimit.retrieve('proj_default')).threshold_amount).toBe(200_000);
    expect(await projects().spendLimit.delete('proj_default')).toEqual({ object: 'project.spend_limit.deleted', deleted: true });
    await expect(projects().spendLimit.retrieve('proj_default')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('spend alerts', () => {
  const body = (threshold: number) => ({
    currency: 'USD' as const,
    interval: 'month' as const,
    threshold_amount: threshold,
    notification_channel: { type: 'email' as const, recipients: ['ops@example.com'] },
  });

  test('the seeded alert, then create, list in both orders, retrieve, replace, delete', async () => {
    const seeded = await collect(projects().spendAlerts.list('proj_research'));
    expect(seeded).toEqual([
      {
        id: 'alert_research50k',
        object: 'project.spend_alert',
        currency: 'USD',
        interval: 'month',
        threshold_amount: 50_000,
        notification_channel: { type: 'email', recipients: ['billing@example.com'], subject_prefix: null },
      },
    ]);
    const created: ProjectSpendAlert[] = [];
    for (const t of [10_000, 20_000, 30_000]) created.push(await projects().spendAlerts.create('proj_research', body(t)));
    expect(created[0]?.id).toMatch(/^alert_/);

    const asc = await collect(projects().spendAlerts.list('proj_research', { limit: 2 }));
    expect(asc.map((a) => a.threshold_amount)).toEqual([50_000, 10_000, 20_000, 30_000]);
    const desc = await collect(projects().spendAlerts.list('proj_research', { limit: 3, order: 'desc' }));
    expect(desc.map((a) => a.threshold_amount)).toEqual([30_000, 20_000, 10_000, 50_000]);
    const before = await projects().spendAlerts.list('proj_research', { before: created[1]?.id ?? '', limit: 10 });
    expect(before.data.map((a) => a.threshold_amount)).toEqual([50_000, 10_000]);

    const id = created[0]?.id ?? '';
    expect(await projects().spendAlerts.retrieve(id, { project_id: 'proj_research' })).toEqual(created[0]);
    const replaced = await projects().spendAlerts.update(id, {
      project_id: 'proj_research',
      ...body(15_000),
      notification_channel: { type: 'email', recipients: ['cfo@example.com'], subject_prefix: '[spend]' },
    });
    expect(replaced.notification_channel).toEqual({ type: 'email', recipients: ['cfo@example.com'], subject_prefix: '[spend]' });
    expect(await projects().spendAlerts.delete(id, { project_id: 'proj_research' })).toEqual({
      id,
      object: 'project.spend_alert.deleted',
      deleted: true,
    });
    await expect(projects().spendAlerts.retrieve(id, { project_id: 'proj_research' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  test('update is a full replace: a missing field is a 400', async () => {
    const partial = await raw(env.emu, 'POST', '/v1/organization/projects/proj_research/spend_alerts/alert_research50k', {
      body: JSON.stringify({ currency: 'USD', interval: 'month', threshold_amount: 1 }),
    });
    expect(partial.status).toBe(400);
    expect(errorOf(partial.body).param).toBe('notification_channel');
    const interval = await raw(env.emu, 'POST', '/v1/organization/projects/proj_research/spend_alerts', {
      body: JSON.stringify({ ...body(1), interval: 'week' }),
    });
    expect(errorOf(interval.body).param).toBe('interval');
    const recipients = await raw(env.emu, 'POST', '/v1/organization/projects/proj_research/spend_alerts', {
      body: JSON.stringify({ ...body(1), notification_channel: { type: 'email', recipients: 'ops@example.com' } }),
    });
    expect(errorOf(recipients.body).param).toBe('notification_channel.recipients');
    const alert = await projects().spendAlerts.retrieve('alert_research50k', { project_id: 'proj_research' });
    expect(alert.threshold_amount).toBe(50_000);
  });
});

describe('rate limits', () => {
  test('more than 20 models, paginated, with model-specific fields', async () => {
    const limits = await collect(projects().rateLimits.listRateLimits('proj_default'));
    expect(limits.length).toBeGreaterThan(20);
    const gpt4o = limits.find((l) => l.model === 'gpt-4o');
    expect(gpt4o?.id).toBe('rl-gpt-4o');
    expect(gpt4o?.object).toBe('project.rate_limit');
    expect(gpt4o?.max_images_per_1_minute).toBeUndefined();
    expect(limits.find((l) => l.model === 'dall-e-3')?.max_images_per_1_minute).toBeTypeOf('number');
    expect(limits.find((l) => l.model === 'whisper-1')?.max_audio_megabytes_per_1_minute).toBeTypeOf('number');
    const first = await projects().rateLimits.listRateLimits('proj_default');
    expect(first.data).toHaveLength(20);
    expect(first.has_more).toBe(true);
  });

  test('update changes only the fields sent; fields foreign to the model are refused', async () => {
    const updated = await projects().rateLimits.updateRateLimit('rl-gpt-4o', { project_id: 'proj_default', max_requests_per_1_minute: 500 });
    expect(updated.max_requests_per_1_minute).toBe(500);
    expect(updated.max_tokens_per_1_minute).toBe(30_000_000);
    const image = projects().rateLimits.updateRateLimit('rl-gpt-4o', { project_id: 'proj_default', max_images_per_1_minute: 5 });
    await expect(image).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const missing = projects().rateLimits.updateRateLimit('rl-nope', { project_id: 'proj_default', max_requests_per_1_minute: 1 });
    await expect(missing).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const other = await collect(projects().rateLimits.listRateLimits('proj_research'));
    expect(other.find((l) => l.id === 'rl-gpt-4o')?.max_requests_per_1_minute).toBe(10_000);
  });
});

test("an archived project's settings cannot be changed", async () => {
  const attempts = [
    projects().modelPermissions.update('proj_oldarchive', { mode: 'allow_list', model_ids: [] }),
    projects().dataRetention.update('proj_oldarchive', { retention_type: 'none' }),
    projects().spendLimit.update('proj_oldarchive', { currency: 'USD', interval: 'month', threshold_amount: 1 }),
    projects().rateLimits.updateRateLimit('rl-o3', { project_id: 'proj_oldarchive', max_requests_per_1_minute: 1 }),
  ];
  for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  expect(await projects().dataRetention.retrieve('proj_oldarchive')).toMatchObject({ type: 'organization_default' });
});
