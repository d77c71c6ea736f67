// Project groups, hosted tool permissions and service tier settings through the SDK.
import { BadRequestError, NotFoundError } from 'openai';
import { describe, expect, test } from 'vitest';
import { collect, errorOf, failure, raw, useSdk } from './support.js';

const env = useSdk();
const projects = () => env.client.admin.organization.projects;

describe('project groups', () => {
  test('the seeded grant; add with a role (either id form), retrieve, remove', async () => {
    expect(await collect(projects().groups.list('proj_research'))).toEqual([
      {
        object: 'project.group',
        project_id: 'proj_research',
        group_id: 'group_platform',
        group_name: 'Platform',
        group_type: 'group',
        created_at: 1712016000,
      },
    ]);
    const added = await projects().groups.create('proj_research', {
      group_id: 'group_okta_engineering',
      role: 'role-api-project-viewer',
    });
    expect(added).toMatchObject({ object: 'project.group', group_id: 'group_okta_engineering', group_name: 'Engineering (Okta)' });
    expect(added).not.toHaveProperty('id');
    const roles = await collect(projects().groups.roles.list('group_okta_engineering', { project_id: 'proj_research' }));
    expect(roles.map((r) => r.id)).toEqual(['role-api-project-viewer__api-project__proj_research']);

    expect(await projects().groups.retrieve('group_okta_engineering', { project_id: 'proj_research' })).toEqual(added);
    const wrongType = projects().groups.retrieve('group_okta_engineering', { project_id: 'proj_research', group_type: 'tenant_group' });
    expect(await failure(wrongType)).toBeInstanceOf(NotFoundError);

    expect(await projects().groups.delete('group_okta_engineering', { project_id: 'proj_research' })).toEqual({
      object: 'project.group.deleted',
      deleted: true,
    });
    expect(await failure(projects().groups.retrieve('group_okta_engineering', { project_id: 'proj_research' }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(env.emu.getState().role_assignments.filter((a) => a.principal_id === 'group_okta_engineering')).toEqual([]);
  });

  test('group_id and role are required and must exist; once per project', async () => {
    const add = (body: { group_id: string; role: string }) => failure(projects().groups.create('proj_default', body));
    expect((await add({ group_id: 'group_nope', role: 'role-api-project-member' })).param).toBe('group_id');
    expect((await add({ group_id: 'group_platform', role: 'role-nope' })).param).toBe('role');
    expect((await add({ group_id: 'group_platform', role: 'role_spendwatcher' })).param).toBe('role');
    const missing = await raw(env.emu, 'POST', '/v1/organization/projects/proj_default/groups', {
      body: JSON.stringify({ group_id: 'group_platform' }),
    });
    expect(missing.status).toBe(400);
    expect(errorOf(missing.body).param).toBe('role');
    const twice = failure(projects().groups.create('proj_research', { group_id: 'group_platform', role: 'role-api-project-owner' }));
    expect(await twice).toBeInstanceOf(BadRequestError);
  });

  test('for await pages through a project with many groups; deleting a group revokes its access', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const group = await env.client.admin.organization.groups.create({ name: `g${i}` });
      await projects().groups.create('proj_default', { group_id: group.id, role: 'role-api-project-member' });
      ids.push(group.id);
    }
    expect((await collect(projects().groups.list('proj_default', { limit: 3 }))).map((g) => g.group_id)).toEqual(ids);
    await env.client.admin.organization.groups.delete(ids[0] ?? '');
    expect((await collect(projects().groups.list('proj_default'))).map((g) => g.group_id)).toEqual(ids.slice(1));
  });
});

describe('hosted tool permissions', () => {
  const all = (enabled: boolean) => ({
    code_interpreter: { enabled },
    file_search: { enabled },
    image_generation: { enabled },
    mcp: { enabled },
    web_search: { enabled },
  });

  test('never set reads as all enabled, with no object field; update is partial', async () => {
    expect(await projects().hostedToolPermissions.retrieve('proj_default')).toEqual(all(true));
    const updated = await projects().hostedToolPermissions.update('proj_default', {
      mcp: { enabled: false },
      web_search: null,
    });
    expect(updated).toEqual({ ...all(true), mcp: { enabled: false } });
    const again = await projects().hostedToolPermissions.update('proj_default', { code_interpreter: { enabled: false } });
    expect(again).toEqual({ ...all(true), mcp: { enabled: false }, code_interpreter: { enabled: false } });
    expect(await projects().hostedToolPermissions.retrieve('proj_default')).toEqual(again);
  });

  test('enabled is required inside a tool; unknown tools are refused', async () => {
    const path = '/v1/organization/projects/proj_default/hosted_tool_permissions';
    const noEnabled = await raw(env.emu, 'POST', path, { body: JSON.stringify({ mcp: {} }) });
    expect(noEnabled.status).toBe(400);
    expect(errorOf(noEnabled.body).param).toBe('mcp.enabled');
    const unknown = await raw(env.emu, 'POST', path, { body: JSON.stringify({ browser: { enabled: true } }) });
    expect(errorOf(unknown.body).param).toBe('browser');
    expect(await failure(projects().hostedToolPermissions.retrieve('proj_nope'))).toBeInstanceOf(NotFoundError);
  });
});

describe('service tier settings', () => {
  test('default settings, partial update, and the default tier must be enabled', async () => {
    const tiers = () => projects().serviceTierSettings;
    expect(await tiers().retrieve('proj_default')).toEqual({
      object: 'project.service_tier_settings',
      default: 'standard',
      enabled_tiers: 'all',
    });
    expect(await tiers().update('proj_default', { enabled_tiers: [] })).toEqual({
      object: 'project.service_tier_settings',
      default: 'standard',
      enabled_tiers: [],
    });
    expect((await tiers().update('proj_default', { enabled_tiers: ['flex', 'fast'] })).enabled_tiers).toEqual(['flex', 'fast']);
    expect((await tiers().update('proj_default', { default: 'fast' })).default).toBe('fast');
    expect((await failure(tiers().update('proj_default', { enabled_tiers: ['flex'] }))).param).toBe('default');
    expect(await tiers().retrieve('proj_default')).toMatchObject({ default: 'fast', enabled_tiers: ['flex', 'fast'] });
  });

  test('bad bodies are 400s naming the field', async () => {
    const path = '/v1/organization/projects/proj_default/service_tier_settings';
    const post = async (body: unknown) => errorOf((await raw(env.emu, 'POST', path, { body: JSON.stringify(body) })).body).param;
    expect(await post({})).toBe('default');
    expect(await post({ default: 'priority' })).toBe('default');
    expect(await post({ enabled_tiers: ['standard'] })).toBe('enabled_tiers');
    expect(await post({ enabled_tiers: 'some' })).toBe('enabled_tiers');
  });
});
