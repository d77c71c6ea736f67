// Each error class the SDK maps, and the protocol details it relies on: JSON content type,
// x-request-id, the error body, cursors and limits.
import OpenAI, {
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { expect, test } from 'vitest';
import { errorOf, failure, raw, sdk, useSdk } from './support.js';

const env = useSdk();

test('AuthenticationError for an unknown admin key', async () => {
  const error = await failure(sdk(env.emu, { apiKey: 'sk-admin-unknown' }).admin.organization.projects.list());
  expect(error).toBeInstanceOf(AuthenticationError);
  expect(error.status).toBe(401);
  expect(error.code).toBe('invalid_api_key');
  expect(error.requestID).toMatch(/^req_/);
  expect(error.message).not.toContain('sk-admin-unknown');
});

test('PermissionDeniedError for a project key', async () => {
  const error = await failure(sdk(env.emu, { apiKey: 'sk-proj-abc123' }).admin.organization.users.list());
  expect(error).toBeInstanceOf(PermissionDeniedError);
  expect(error.type).toBe('invalid_request_error');
});

test('NotFoundError for unknown ids', async () => {
  const attempts = [
    env.client.admin.organization.users.retrieve('user-nope'),
    env.client.admin.organization.invites.retrieve('invite-nope'),
    env.client.admin.organization.projects.serviceAccounts.retrieve('svc_acct_nope', { project_id: 'proj_default' }),
    env.client.admin.organization.projects.spendAlerts.retrieve('alert_nope', { project_id: 'proj_default' }),
    env.client.admin.organization.projects.modelPermissions.retrieve('proj_nope'),
  ];
  for (const attempt of attempts) expect(await failure(attempt)).toBeInstanceOf(NotFoundError);
});

test('BadRequestError with param for limits out of range and bad enum values', async () => {
  for (const limit of [0, 101]) {
    const error = await failure(env.client.admin.organization.projects.list({ limit }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.param).toBe('limit');
  }
  const order = await raw(env.emu, 'GET', '/v1/organization/projects/proj_research/spend_alerts?order=sideways');
  expect(errorOf(order.body).param).toBe('order');
  const archived = await raw(env.emu, 'GET', '/v1/organization/projects?include_archived=maybe');
  expect(errorOf(archived.body).param).toBe('include_archived');
  const role = await raw(env.emu, 'POST', '/v1/organization/invites', {
    body: JSON.stringify({
      email: 'a@example.com',
      role: 'reader',
      projects: [
        { id: 'proj_default', role: 'member' },
        { id: 'proj_research', role: 'admin' },
      ],
    }),
  });
  expect(role.status).toBe(400);
  expect(errorOf(role.body).param).toBe('projects[1].role');
});

test('RateLimitError for a 429 fault, with the retry headers the rule asks for', async () => {
  env.emu.setFaults([{ kind: 'status', status: 429, path: '/organization/projects', retryAfter: 3, retryAfterMs: 1500, count: 1 }]);
  const error = await failure(env.client.admin.organization.projects.list());
  expect(error).toBeInstanceOf(RateLimitError);
  expect(error.headers?.get('retry-after')).toBe('3');
  expect(error.headers?.get('retry-after-ms')).toBe('1500');
  expect(error.code).toBe('rate_limit_exceeded');
  await expect(env.client.admin.organization.projects.list()).resolves.toBeDefined();
});

test('InternalServerError for a 503 fault', async () => {
  env.emu.setFaults([{ kind: 'status', status: 503, count: 1 }]);
  const error = await failure(env.client.admin.organization.invites.list());
  expect(error).toBeInstanceOf(InternalServerError);
  expect(error.status).toBe(503);
});

test('every answer is JSON with a request id, errors included', async () => {
  const answers = await Promise.all([
    raw(env.emu, 'GET', '/v1/organization/projects'),
    raw(env.emu, 'GET', '/v1/organization/projects', { key: null }),
    raw(env.emu, 'GET', '/v1/organization/nothing-here'),
    raw(env.emu, 'PUT', '/v1/organization/users/user-bob', { body: '{}' }),
    raw(env.emu, 'POST', '/v1/organization/projects', { body: '{"name": ' }),
    raw(env.emu, 'GET', '/elsewhere'),
  ]);
  expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 405, 400, 404]);
  for (const answer of answers) {
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    if (answer.status !== 200) {
      const error = errorOf(answer.body);
      expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
      expect(error.message.length).toBeGreaterThan(0);
    }
  }
  expect(errorOf(answers[2]?.body).message).toBe('Invalid URL (GET /v1/organization/nothing-here)');
  expect(errorOf(answers[4]?.body).message).toMatch(/could not parse the JSON body/);
});

test('empty after counts as absent; an unknown cursor is a 400', async () => {
  const empty = await raw(env.emu, 'GET', '/v1/organization/projects?after=&limit=2');
  expect(empty.status).toBe(200);
  expect(empty.body).toMatchObject({ object: 'list', first_id: 'proj_default', last_id: 'proj_research', has_more: true });
  const unknown = await raw(env.emu, 'GET', '/v1/organization/projects?after=proj_gone');
  expect(unknown.status).toBe(400);
  expect(errorOf(unknown.body).param).toBe('after');
  const last = await raw(env.emu, 'GET', '/v1/organization/projects?after=proj_legacy');
  expect(last.body).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
});

test('OpenAI-Organization and OpenAI-Project headers are tolerated', async () => {
  const withHeaders = new OpenAI({
    adminAPIKey: env.emu.adminKey,
    apiKey: null,
    baseURL: env.emu.url,
    organization: 'org-acme',
    project: 'proj_default',
    maxRetries: 0,
  });
  const page = await withHeaders.admin.organization.projects.list();
  expect(page.data.length).toBe(3);
});
