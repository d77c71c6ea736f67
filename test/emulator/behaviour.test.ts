// Behaviour profiles: each switch gives the alternative answer, through the control API; the
// CLI flag and the control API refuse what they do not know.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { parseBehaviour, type RunningEmulator } from '../../src/emulator/index.js';
import { behaviourFlags } from '../../src/emulator/behaviour.js';
import { raw, start } from '../contract/support.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await start();
});
afterEach(() => emu.close());

const behave = (settings: Record<string, unknown>) =>
  raw(emu, 'POST', '/_emulator/behaviour', { body: JSON.stringify(settings) });
const RESEARCH = '/v1/organization/projects/proj_research';

test('unset model permissions: an empty deny list by default, 404 under the profile', async () => {
  const path = '/v1/organization/projects/proj_default/model_permissions';
  expect((await raw(emu, 'GET', path)).body).toMatchObject({ mode: 'deny_list', model_ids: [] });
  expect((await behave({ model_permissions_unset: '404' })).status).toBe(200);
  expect((await raw(emu, 'GET', path)).status).toBe(404);
  expect((await raw(emu, 'GET', `${RESEARCH}/model_permissions`)).status).toBe(200);
});

test('unset spend limit: 404 by default, a 200 with enforcement inactive and no amount under the profile', async () => {
  const path = '/v1/organization/projects/proj_default/spend_limit';
  expect((await raw(emu, 'GET', path)).status).toBe(404);
  await behave({ spend_limit_unset: 'inactive' });
  const answer = await raw(emu, 'GET', path);
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ object: 'project.spend_limit', currency: 'USD', interval: 'month', threshold_amount: 0, enforcement: { status: 'inactive' } });
});

test('audit events of admin-key actions land on the default project; audit logs can be forbidden', async () => {
  await behave({ audit_admin_key_project: 'default' });
  await raw(emu, 'POST', `${RESEARCH}/data_retention`, { body: JSON.stringify({ retention_type: 'none' }) });
  const events = (await raw(emu, 'GET', '/v1/organization/audit_logs?limit=1')).body as { data: { project?: { id: string } }[] };
  expect(events.data[0]?.project?.id).toBe('proj_default');
  await behave({ audit_logs: 'forbidden' });
  expect((await raw(emu, 'GET', '/v1/organization/audit_logs')).status).toBe(403);
});

test('re-archiving: the project as it is by default, 400 under the profile', async () => {
  expect((await raw(emu, 'POST', `${RESEARCH}/archive`)).status).toBe(200);
  expect((await raw(emu, 'POST', `${RESEARCH}/archive`)).status).toBe(200);
  await behave({ rearchive: '400' });
  expect((await raw(emu, 'POST', `${RESEARCH}/archive`)).status).toBe(400);
});

test('a just-created object reads 404 for N ms; creates can answer 201', async () => {
  await behave({ read_after_create_404_ms: 300, create_status: '201' });
  const created = await raw(emu, 'POST', '/v1/organization/projects', { body: JSON.stringify({ name: 'Fresh' }) });
  expect(created.status).toBe(201);
  const id = (created.body as { id: string }).id;
  expect((await raw(emu, 'GET', `/v1/organization/projects/${id}`)).status).toBe(404);
  await new Promise((resolve) => setTimeout(resolve, 350));
  expect((await raw(emu, 'GET', `/v1/organization/projects/${id}`)).status).toBe(200);
});

test('throttle 429s carry the wait only in the message under throttle_hint=body', async () => {
  emu.setThrottle({ requestsPerMinute: 1 });
  await behave({ throttle_hint: 'body' });
  await raw(emu, 'GET', '/v1/organization/projects');
  const limited = await raw(emu, 'GET', '/v1/organization/projects');
  expect(limited.status).toBe(429);
  expect(limited.headers.get('retry-after')).toBeNull();
  expect((limited.body as { error: { message: string } }).error.message).toMatch(/please slow down and try again after \d+\.\d{3} seconds\.$/);
});

test('a broken first list page, for one endpoint only', async () => {
  await behave({ list_page: 'no_data', list_page_endpoint: '/organization/users' });
  expect((await raw(emu, 'GET', '/v1/organization/users')).body).not.toHaveProperty('data');
  expect((await raw(emu, 'GET', '/v1/organization/projects')).body).toHaveProperty('data');
  await behave({ list_page: 'truncated' });
  const cut = await raw(emu, 'GET', '/v1/organization/projects');
  expect(cut.status).toBe(200);
  expect(typeof cut.body).toBe('string');
  const current = await raw(emu, 'GET', '/_emulator/behaviour');
  expect(current.body).toMatchObject({ list_page: 'truncated', list_page_endpoint: '', rearchive: '200' });
});

test('unknown switches and values are refused with the choices', async () => {
  expect(() => parseBehaviour({ rearchive: '500' })).toThrow('behaviour rearchive must be one of 200, 400, not "500"');
  expect(() => parseBehaviour({ nope: '1' })).toThrow(/unknown behaviour "nope"; known: model_permissions_unset/);
  expect(() => behaviourFlags(['rearchive'])).toThrow('--behaviour takes NAME=VALUE');
  expect(behaviourFlags(['rearchive=400', 'read_after_create_404_ms=2000'])).toEqual({ rearchive: '400', read_after_create_404_ms: 2000 });
  expect((await behave({ list_page: 'sideways' })).status).toBe(400);
});

test('orgform emulator --behaviour refuses an unknown switch with exit 2', async () => {
  const { runEmulatorCommand } = await import('../../src/emulator/cli.js');
  const errors: string[] = [];
  expect(await runEmulatorCommand(['--behaviour', 'rearchive=maybe'], { err: (t) => void errors.push(t) })).toBe(2);
  expect(errors.join('\n')).toContain('behaviour rearchive must be one of 200, 400');
});
