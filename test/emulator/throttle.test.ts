// Throttle mode: a bucket per endpoint; beyond it, 429 with an error body and, like the real
// Admin API, no retry-after and no rate-limit headers.
import { RateLimitError } from 'openai';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { Throttle } from '../../src/emulator/throttle.js';
import { errorOf, failure, raw, sdk, start } from '../contract/support.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await start({ throttle: { requestsPerMinute: 3 } });
});
afterEach(() => emu.close());

test('the fourth request to one endpoint within a minute is a bare 429', async () => {
  for (let i = 0; i < 3; i++) expect((await raw(emu, 'GET', '/v1/organization/projects/proj_research/spend_alerts')).status).toBe(200);
  const limited = await raw(emu, 'GET', '/v1/organization/projects/proj_default/spend_alerts');
  expect(limited.status).toBe(429);
  expect(errorOf(limited.body)).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
  const names = [...limited.headers.keys()];
  expect(names.filter((n) => n.startsWith('retry-after') || n.startsWith('x-ratelimit'))).toEqual([]);
  expect((await raw(emu, 'GET', '/v1/organization/invites')).status).toBe(200);
  expect(emu.requests().at(-2)).toMatchObject({ status: 429, fault: 'throttle', endpoint: 'GET /organization/projects/{project_id}/spend_alerts' });
});

test('the SDK sees RateLimitError; throttle can be switched off', async () => {
  const client = sdk(emu);
  for (let i = 0; i < 3; i++) await client.admin.organization.users.list();
  expect(await failure(client.admin.organization.users.list())).toBeInstanceOf(RateLimitError);
  emu.setThrottle(null);
  await expect(client.admin.organization.users.list()).resolves.toBeDefined();
});

test('the bucket refills continuously', () => {
  let now = 0;
  const throttle = new Throttle({ requestsPerMinute: 60 }, () => now);
  for (let i = 0; i < 60; i++) expect(throttle.take('GET /x')).toBe(true);
  expect(throttle.take('GET /x')).toBe(false);
  expect(throttle.take('GET /y')).toBe(true);
  now += 999;
  expect(throttle.take('GET /x')).toBe(false);
  now += 2;
  expect(throttle.take('GET /x')).toBe(true);
  now += 120_000;
  for (let i = 0; i < 60; i++) expect(throttle.take('GET /x')).toBe(true);
  expect(throttle.take('GET /x')).toBe(false);
});

test('a bucket of its own size, and a hint of the time to the next token in the message', async () => {
  let now = 0;
  const throttle = new Throttle({ requestsPerMinute: 10, burst: 2, hint: true }, () => now);
  expect([throttle.take('GET /x'), throttle.take('GET /x'), throttle.take('GET /x')]).toEqual([true, true, false]);
  expect(throttle.msToNextToken('GET /x')).toBe(6000);
  now += 1500;
  expect(throttle.take('GET /x')).toBe(false);
  expect(throttle.msToNextToken('GET /x')).toBe(4500);
  emu.setThrottle({ requestsPerMinute: 1, burst: 1, hint: true });
  expect((await raw(emu, 'GET', '/v1/organization/invites')).status).toBe(200);
  const limited = await raw(emu, 'GET', '/v1/organization/invites');
  expect(limited.status).toBe(429);
  expect(errorOf(limited.body).message).toMatch(/please slow down and try again after (59|60)\.\d{3} seconds\.$/);
  expect([...limited.headers.keys()].filter((n) => n.startsWith('retry-after') || n.startsWith('x-ratelimit'))).toEqual([]);
});
