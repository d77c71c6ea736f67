// Organization projects through the official SDK: list (with include_archived and
// auto-pagination), create, retrieve, modify, archive; no DELETE.
import OpenAI from 'openai';
import type { Project } from 'openai/resources/admin/organization/projects/projects';
import { describe, expect, test } from 'vitest';
import { collect, errorOf, raw, useSdk } from './support.js';

const env = useSdk();

describe('projects', () => {
  test('list hides archived projects unless include_archived is true', async () => {
    const active = await collect(env.client.admin.organization.projects.list());
    expect(active.map((p) => p.name)).toEqual(['Default project', 'Research', 'Legacy']);
    const all = await collect(env.client.admin.organization.projects.list({ include_archived: true }));
    const archived = all.find((p) => p.name === 'Old Archive');
    expect(archived?.status).toBe('archived');
    expect(archived?.archived_at).toBeTypeOf('number');
  });

  test('create, retrieve and modify a project', async () => {
    const created: Project = await env.client.admin.organization.projects.create({
      name: 'Contract test',
      residency: 'EU_STORAGE_PROCESSING',
    });
    expect(created.id).toMatch(/^proj_[A-Za-z0-9]{24}$/);
    expect(created.object).toBe('organization.project');
    expect(created.status).toBe('active');
    expect(created.archived_at).toBeNull();
    expect(created.residency).toBe('EU_STORAGE_PROCESSING');
    expect(Math.abs(created.created_at - Date.now() / 1000)).toBeLessThan(60);

    const renamed = await env.client.admin.organization.projects.update(created.id, { name: 'Renamed' });
    expect(renamed.name).toBe('Renamed');
    const read = await env.client.admin.organization.projects.retrieve(created.id);
    expect(read).toEqual(renamed);
  });

  test('auto-pagination walks every page of a long list', async () => {
    for (let i = 0; i < 25; i++) await env.client.admin.organization.projects.create({ name: `bulk-${i}` });
    env.emu.resetRequests();
    const names = (await collect(env.client.admin.organization.projects.list({ limit: 7 }))).map((p) => p.name);
    expect(names).toHaveLength(28);
    expect(new Set(names).size).toBe(28);
    expect(names.slice(3, 6)).toEqual(['bulk-0', 'bulk-1', 'bulk-2']);
    const pages = env.emu.requests().filter((r) => r.endpoint === 'GET /organization/projects');
    expect(pages).toHaveLength(4);
    expect(pages[1]?.query).toContain('after=');
  });

  test('the default page holds 20 and says has_more', async () => {
    for (let i = 0; i < 20; i++) await env.client.admin.organization.projects.create({ name: `p${i}` });
    const page = await env.client.admin.organization.projects.list();
    expect(page.data).toHaveLength(20);
    expect(page.has_more).toBe(true);
    expect(page.hasNextPage()).toBe(true);
    const next = await page.getNextPage();
    expect(next.data).toHaveLength(3);
    expect(next.has_more).toBe(false);
  });

  test('archive is a bodyless POST; an archived project cannot be modified', async () => {
    const project = await env.client.admin.organization.projects.create({ name: 'to archive' });
    const archived = await env.client.admin.organization.projects.archive(project.id);
    expect(archived.status).toBe('archived');
    expect(archived.archived_at).toBeTypeOf('number');
    const again = await env.client.admin.organization.projects.archive(project.id);
    expect(again.archived_at).toBe(archived.archived_at);
    const error = await env.client.admin.organization.projects.update(project.id, { name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const names = (await collect(env.client.admin.organization.projects.list())).map((p) => p.name);
    expect(names).not.toContain('to archive');
  });

  test('create refuses a missing name, an unknown residency and unknown fields', async () => {
    const missing = await raw(env.emu, 'POST', '/v1/organization/projects', { body: '{}' });
    expect(missing.status).toBe(400);
    expect(errorOf(missing.body)).toMatchObject({ type: 'invalid_request_error', param: 'name' });
    const residency = await raw(env.emu, 'POST', '/v1/organization/projects', {
      body: JSON.stringify({ name: 'x', residency: 'MARS' }),
    });
    expect(errorOf(residency.body).param).toBe('residency');
    const unknown = await raw(env.emu, 'POST', '/v1/organization/projects', { body: JSON.stringify({ name: 'x', colour: 'red' }) });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown.body).param).toBe('colour');
    const projects = await collect(env.client.admin.organization.projects.list({ include_archived: true }));
    expect(projects).toHaveLength(4);
  });

  test('there is no DELETE: 405 with an Allow header', async () => {
    const response = await raw(env.emu, 'DELETE', '/v1/organization/projects/proj_legacy');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(errorOf(response.body).type).toBe('invalid_request_error');
    await expect(env.client.admin.organization.projects.retrieve('proj_legacy')).resolves.toMatchObject({ name: 'Legacy' });
  });

  test('an unknown project is a NotFoundError', async () => {
    await expect(env.client.admin.organization.projects.retrieve('proj_nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
