// Random requests against every route: the emulator answers each with a JSON error or success,
// never a 500 and never a crash.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { API_ROUTES } from '../../src/emulator/routes/index.js';
import { raw, start } from '../contract/support.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

const ids = [
  'proj_research',
  'proj_oldarchive',
  'user-bob',
  'svc_acct_oldbot',
  'key_oldbot',
  'alert_research50k',
  'rl-o3',
  'invite-erin',
  'x',
  '%2F',
  '..%00',
  '%E0%A4%A',
];
const queries = [
  '',
  'limit=0',
  'limit=abc',
  'after=',
  'after=nope',
  'order=desc',
  'include_archived=1',
  'emails[]=bob@example.com',
  'effective_at[gte]=x',
];

const request = fc.record({
  route: fc.constantFrom(...API_ROUTES),
  method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'),
  id: fc.constantFrom(...ids),
  query: fc.constantFrom(...queries),
  body: fc.oneof(fc.jsonValue(), fc.constant({ name: 'n', role: 'member', email: 'bob@example.com', retention_type: 'none' })),
});

test('no route answers a random request with a 500', async () => {
  await fc.assert(
    fc.asyncProperty(request, async ({ route, method, id, query, body }) => {
      const path = `/v1${route.template.replace(/\{[a-z_]+\}/g, id)}${query ? `?${query}` : ''}`;
      const answer = await raw(emu, method, path, method === 'GET' ? {} : { body: JSON.stringify(body) });
      expect(answer.status).not.toBe(500);
      expect([200, 400, 404, 405]).toContain(answer.status);
      expect(answer.headers.get('content-type')).toBe('application/json');
    }),
    { numRuns: 300, seed: 20240601 },
  );
  const after = await raw(emu, 'GET', '/v1/organization/projects');
  expect(after.status).toBe(200);
});
