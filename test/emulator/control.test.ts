// The /_emulator control surface: request log, accepting invites, faults, throttle, state.
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { collect, errorOf, raw, sdk, start } from '../contract/support.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await start();
});
afterEach(() => emu.close());

test('control endpoints need an admin key', async () => {
  expect((await raw(emu, 'GET', '/_emulator/requests', { key: null })).status).toBe(401);
  expect((await raw(emu, 'GET', '/_emulator/requests', { key: 'sk-proj-x' })).status).toBe(403);
  expect((await raw(emu, 'GET', '/_emulator/nothing')).status).toBe(404);
});

test('the request log in order, with counts, and its reset', async () => {
  await raw(emu, 'GET', '/v1/organization/projects?limit=2');
  await raw(emu, 'GET', '/v1/organization/projects/proj_research');
  await raw(emu, 'POST', '/v1/organization/projects', { body: '{}' });
  const log = await raw(emu, 'GET', '/_emulator/requests');
  expect(log.body).toMatchObject({
    object: 'list',
    data: [
      { seq: 1, method: 'GET', path: '/v1/organization/projects', query: 'limit=2', status: 200, key_id: 'key_admin_demo' },
      { seq: 2, method: 'GET', endpoint: 'GET /organization/projects/{project_id}', status: 200 },
      { seq: 3, method: 'POST', status: 400 },
    ],
    counts: { 'GET /organization/projects': 1, 'GET /organization/projects/{project_id}': 1, 'POST /organization/projects': 1 },
  });
  expect((await raw(emu, 'DELETE', '/_emulator/requests')).status).toBe(200);
  expect(emu.requests()).toEqual([]);
  expect(emu.requestCounts()).toEqual({});
});

test('accept an invite by email', async () => {
  const accepted = await raw(emu, 'POST', '/_emulator/invites/accept', { body: JSON.stringify({ email: 'erin@example.com' }) });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ object: 'organization.user', email: 'erin@example.com', role: 'reader' });
  const again = await raw(emu, 'POST', '/_emulator/invites/accept', { body: JSON.stringify({ email: 'erin@example.com' }) });
  expect(again.status).toBe(404);
  expect(errorOf(again.body).message).toMatch(/is accepted/);
  const expired = await raw(emu, 'POST', '/_emulator/invites/accept', { body: JSON.stringify({ email: 'frank@example.com' }) });
  expect(errorOf(expired.body).message).toMatch(/is expired/);
});

test('faults, throttle and latency can be set over HTTP', async () => {
  const set = await raw(emu, 'POST', '/_emulator/faults', {
    body: JSON.stringify({ seed: 5, rules: [{ kind: 'status', status: 502, path: '/organization/users', count: 1 }] }),
  });
  expect(set.status).toBe(200);
  expect((await raw(emu, 'GET', '/v1/organization/users')).status).toBe(502);
  expect((await raw(emu, 'GET', '/v1/organization/users')).status).toBe(200);
  const badRule = await raw(emu, 'POST', '/_emulator/faults', { body: JSON.stringify({ rules: [{ kind: 'explode' }] }) });
  expect(badRule.status).toBe(400);

  await raw(emu, 'POST', '/_emulator/throttle', { body: JSON.stringify({ requests_per_minute: 1 }) });
  expect((await raw(emu, 'GET', '/v1/organization/invites')).status).toBe(200);
  expect((await raw(emu, 'GET', '/v1/organization/invites')).status).toBe(429);
  await raw(emu, 'POST', '/_emulator/throttle', { body: JSON.stringify({ requests_per_minute: null }) });
  expect((await raw(emu, 'GET', '/v1/organization/invites')).status).toBe(200);
  // A bare `null` body, as docs/emulator.md gives it, turns it off too.
  await raw(emu, 'POST', '/_emulator/throttle', { body: JSON.stringify({ requests_per_minute: 1 }) });
  expect((await raw(emu, 'GET', '/v1/organization/users')).status).toBe(200);
  expect((await raw(emu, 'GET', '/v1/organization/users')).status).toBe(429);
  const off = await raw(emu, 'POST', '/_emulator/throttle', { body: 'null' });
  expect(off.body).toEqual({ object: 'emulator.throttle', requests_per_minute: null });
  expect((await raw(emu, 'GET', '/v1/organization/users')).status).toBe(200);

  const latency = await raw(emu, 'POST', '/_emulator/latency', { body: JSON.stringify({ ms: { min: 0, max: 5 } }) });
  expect(latency.body).toEqual({ object: 'emulator.latency', ms: { min: 0, max: 5 } });
});

test('state can be read and replaced over HTTP; control calls are not logged', async () => {
  const state = await raw(emu, 'GET', '/_emulator/state');
  expect(state.body).toMatchObject({ version: 1, organization: { id: 'org-acme', name: 'Acme' } });
  const bad = await raw(emu, 'POST', '/_emulator/state', { body: JSON.stringify({ users: [] }) });
  expect(bad.status).toBe(400);
  expect(emu.requests()).toEqual([]);
  const replaced = await raw(emu, 'POST', '/_emulator/state', {
    body: JSON.stringify({
      admin_keys: [{ value: 'sk-admin-emulator-demo', owner_email: 'solo@example.com' }],
      users: [{ email: 'solo@example.com', role: 'owner' }],
    }),
  });
  expect(replaced.status).toBe(200);
  expect(await collect(sdk(emu).admin.organization.projects.list())).toEqual([]);
});
