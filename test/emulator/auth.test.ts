// Authentication: admin keys only, errors in the OpenAI shape, and the key's id (never the key)
// in the request log.
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { CAROL_KEY, collect, errorOf, raw, sdk, start } from '../contract/support.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await start();
});
afterEach(() => emu.close());

test('the demo key and carol key are documented defaults', () => {
  expect(emu.adminKey).toBe('sk-admin-emulator-demo');
  expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
});

test('missing, malformed or unknown keys are 401; other OpenAI keys are 403', async () => {
  const cases: [string | null, number][] = [
    [null, 401],
    ['', 401],
    ['not-a-key', 401],
    ['sk-admin-wrong', 401],
    ['sk-proj-abc', 403],
    ['sk-abc123', 403],
    ['sk-svcacct-abc', 403],
  ];
  for (const [key, status] of cases) {
    const headers: Record<string, string> = key === '' ? { authorization: 'Basic abc' } : {};
    const answer = await raw(emu, 'GET', '/v1/organization/users', { key: key === '' ? null : key, headers });
    expect([key, answer.status]).toEqual([key, status]);
    expect(errorOf(answer.body).type).toBe('invalid_request_error');
  }
});

test('a service account key created through the API cannot call the Admin API', async () => {
  const created = await sdk(emu).admin.organization.projects.serviceAccounts.create('proj_default', { name: 'bot' });
  const answer = await raw(emu, 'GET', '/v1/organization/users', { key: created.api_key?.value ?? 'missing' });
  expect(answer.status).toBe(403);
});

test('changes are made as the key owner; the log holds key ids only', async () => {
  await sdk(emu, { apiKey: CAROL_KEY }).admin.organization.projects.create({ name: 'by carol' });
  await raw(emu, 'GET', '/v1/organization/users', { key: 'sk-admin-wrong' });
  const [event] = await collect(sdk(emu).admin.organization.auditLogs.list());
  expect(event?.actor?.api_key?.user).toEqual({ id: 'user-carol', email: 'carol@example.com' });
  const log = emu.requests();
  expect(log.map((r) => r.key_id)).toEqual(['key_admin_carol', null, 'key_admin_demo']);
  expect(JSON.stringify(log)).not.toMatch(/sk-admin/);
});

test('a deleted owner loses their admin key', async () => {
  await sdk(emu).admin.organization.users.delete('user-carol');
  const answer = await raw(emu, 'GET', '/v1/organization/users', { key: CAROL_KEY });
  expect(answer.status).toBe(401);
});
