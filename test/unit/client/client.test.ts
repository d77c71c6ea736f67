// The HTTP layer against a scripted loopback server: retries, back-off headers, no retry on
// client errors, timeouts, and errors that name the request but never the key.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, UnexpectedAnswerError } from '../../../src/errors.js';
import { apiPath } from '../../../src/providers/openai/api-path.js';
import { AdminClient } from '../../../src/providers/openai/client.js';
import type { ClientEvent, WaitEvent } from '../../../src/providers/openai/events.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const KEY = 'sk-admin-unit-test-key';
let server: Server | undefined;
let baseUrl = '';
const seen: { method: string; url: string; at: number }[] = [];

async function serve(handler: Handler, maxAttempts = 5): Promise<AdminClient> {
  seen.length = 0;
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', at: Date.now() });
    handler(req, res, seen.length);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}/v1`;
  return new AdminClient({ baseUrl, adminKey: KEY, random: () => 0, timeoutMs: 500, maxAttempts });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${seen.length}`, ...headers });
  res.end(JSON.stringify(body));
}

const error = (message: string) => ({ error: { message, type: 'invalid_request_error', param: null, code: null } });

afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise<void>((resolve) => running.close(() => resolve()));
});

describe('AdminClient', () => {
  it('sends the key as a bearer token and follows every page', async () => {
    const client = await serve((req, res) => {
      expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
      const after = new URL(req.url ?? '', 'http://x').searchParams.get('after');
      const page = after === null ? 0 : Number(after.slice(1));
      json(res, 200, { object: 'list', data: [{ id: `p${page + 1}` }], has_more: page < 2, last_id: `p${page + 1}` });
    });
    expect(await client.list(apiPath`/organization/projects`)).toEqual([{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }]);
    expect(seen.map((s) => s.url)).toEqual([
      '/v1/organization/projects?limit=100',
      '/v1/organization/projects?limit=100&after=p1',
      '/v1/organization/projects?limit=100&after=p2',
    ]);
    await client.close();
  });

  it('retries 503 and honours retry-after-ms', async () => {
    const client = await serve((_req, res, n) =>
      n < 3 ? json(res, 503, error('busy'), { 'retry-after-ms': '50' }) : json(res, 200, { ok: true }),
    );
    expect(await client.get(apiPath`/organization/data_retention`)).toEqual({ ok: true });
    expect(seen).toHaveLength(3);
    expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(45);
    await client.close();
  });

  it.each([400, 401, 403, 404, 422])('never retries a %i', async (status) => {
    const client = await serve((_req, res) => json(res, status, error('no')));
    await expect(client.get(apiPath`/organization/users/${'user-1'}`)).rejects.toMatchObject({ status });
    expect(seen).toHaveLength(1);
    await client.close();
  });

  it('does not re-send a create whose outcome is unknown, but does retry a 429', async () => {
    const client = await serve((_req, res, n) =>
      n === 1 ? json(res, 429, error('slow down'), { 'retry-after': '0' }) : json(res, 500, error('oops')),
    );
    const failure = await client
      .post(apiPath`/organization/projects`, { name: 'x' }, { idempotent: false })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).outcomeUnknown).toBe(true);
    expect(seen).toHaveLength(2);
    await client.close();
  });

  it('times out a request that never answers, and reports it without the key', async () => {
    const client = await serve(() => {
      /* never answers */
    }, 2);
    const failure = (await client.get(apiPath`/organization/projects/${'proj_1'}`).catch((e: unknown) => e)) as ApiError;
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.status).toBe(0);
    expect(failure.message).toContain('GET /organization/projects/proj_1 → no response: no answer within 0.5 s (the per-request timeout)');
    expect(seen).toHaveLength(2); // a read is retried, up to maxAttempts
    expect(failure.message).not.toContain(KEY);
    await client.close();
  }, 20_000);

  it('names method, path, status, message and request id; redacts the key if echoed', async () => {
    const client = await serve((_req, res) => json(res, 400, error(`bad key ${KEY}`)));
    const failure = (await client.post(apiPath`/organization/invites`, {}, { idempotent: false }).catch((e: unknown) => e)) as ApiError;
    expect(failure.message).toBe('POST /organization/invites → 400: bad key [redacted] (request id req_1)');
    await client.close();
  });

  it('never has more requests in flight than its concurrency, and a next page goes ahead of the queue', async () => {
    let inFlight = 0;
    let peak = 0;
    const client = await serve((req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        const url = new URL(req.url ?? '', 'http://x');
        if (url.pathname.endsWith('/users')) {
          const last = url.searchParams.get('after') === null ? 'u1' : 'u2';
          json(res, 200, { data: [{ id: last }], has_more: last === 'u1', last_id: last });
        } else json(res, 200, { ok: true });
      }, 20);
    });
    const limited = new AdminClient({ baseUrl, adminKey: KEY, concurrency: 2 });
    const users = limited.list(apiPath`/organization/users`);
    const reads = Array.from({ length: 8 }, (_, i) => limited.get(apiPath`/organization/projects/${`p${i}`}`));
    await Promise.all([users, ...reads]);
    expect(peak).toBe(2);
    const order = seen.map((s) => s.url);
    // The second page of users was queued after every project read, and still went before most.
    expect(order.indexOf('/v1/organization/users?limit=100&after=u1')).toBeLessThan(order.indexOf('/v1/organization/projects/p7'));
    await limited.close();
    await client.close();
  });

  it('waits out the hint in a 429 message, pacing the endpoint, before falling back to its estimate', async () => {
    const client = await serve((_req, res, n) =>
      n === 1 ? json(res, 429, error('Rate limit reached, please try again in 300ms.')) : json(res, 200, { ok: true }),
    );
    expect(await client.get(apiPath`/organization/projects`)).toEqual({ ok: true });
    expect(seen).toHaveLength(2);
    expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(290);
    await client.close();
  });

  it('x-should-retry: false forbids retrying a 503; true retries even a 400', async () => {
    let client = await serve((_req, res) => json(res, 503, error('busy'), { 'x-should-retry': 'false' }));
    await expect(client.get(apiPath`/organization/projects`)).rejects.toMatchObject({ status: 503 });
    expect(seen).toHaveLength(1);
    await client.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    client = await serve((_req, res, n) =>
      n === 1 ? json(res, 400, error('not yet'), { 'x-should-retry': 'true', 'retry-after-ms': '10' }) : json(res, 200, { ok: true }),
    );
    expect(await client.get(apiPath`/organization/projects`)).toEqual({ ok: true });
    expect(seen).toHaveLength(2);
    await client.close();
  });

  it('says when the retry deadline was hit, and what it was', async () => {
    await serve((_req, res) => json(res, 503, error('busy'), { 'retry-after-ms': '200' }));
    // Time passes only while the client waits: how long each answer takes cannot move the deadline.
    let now = 0;
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    const client = new AdminClient({ baseUrl, adminKey: KEY, maxAttempts: 10, maxRetryTimeMs: 500, clock });
    const failure = (await client.get(apiPath`/organization/projects`).catch((e: unknown) => e)) as ApiError;
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.status).toBe(503);
    expect(failure.message).toMatch(/^GET \/organization\/projects → 503: busy \(gave up after 3 attempts: the next would start after 0\.\d s, past the retry deadline of 0\.5 s\)/);
    expect(seen).toHaveLength(3);
    await client.close();
  });

  it('an abort cancels a pending retry at once, and says so', async () => {
    await serve((_req, res) => json(res, 429, error('slow down'), { 'retry-after': '30' }));
    const controller = new AbortController();
    const client = new AdminClient({ baseUrl, adminKey: KEY, signal: controller.signal });
    const started = Date.now();
    const pending = client.get(apiPath`/organization/projects`).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 100);
    const failure = (await pending) as ApiError;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.message).toContain('GET /organization/projects → 429: interrupted while waiting to retry (last answer: slow down)');
    expect(seen).toHaveLength(1);
    // Nothing is sent after the abort.
    await expect(client.get(apiPath`/organization/users`)).rejects.toThrow('interrupted before it was sent');
    expect(seen).toHaveLength(1);
    await client.close();
  });

  it('at log level debug, writes each throttle with the endpoint\'s pacing state', async () => {
    await serve((_req, res, n) => (n === 1 ? json(res, 429, error('try again in 50ms')) : json(res, 200, { ok: true })));
    const lines: string[] = [];
    const client = new AdminClient({ baseUrl, adminKey: KEY, logLevel: 'debug', log: (line) => lines.push(line) });
    await client.get(apiPath`/organization/projects/${'proj_1'}/users`);
    expect(lines[0]).toMatch(/^orgform debug: GET \/organization\/projects\/proj_1\/users → 429 \(server: wait 50 ms\); GET \/organization\/projects\/\{\}\/users: pace [\d.]+\/min, 0 ok in the last 60 s, 1 throttled, /);
    expect(lines.join('')).not.toContain(KEY);
    const quiet = new AdminClient({ baseUrl, adminKey: KEY, log: (line) => lines.push(line) });
    lines.length = 0;
    await quiet.get(apiPath`/organization/projects`);
    expect(lines).toEqual([]);
    await client.close();
    await quiet.close();
  });

  it('tells an observer each request queued and settled, and each wait with its endpoint\'s pace', async () => {
    await serve((_req, res, n) => (n === 1 ? json(res, 429, error('slow down'), { 'retry-after-ms': '30' }) : json(res, 200, { ok: true })));
    const events: ClientEvent[] = [];
    const client = new AdminClient({ baseUrl, adminKey: KEY, onEvent: (e) => events.push(e) });
    await client.get(apiPath`/organization/projects/${'proj_1'}/users`);
    const endpoint = 'GET /organization/projects/{}/users';
    expect(events[0]).toEqual({ type: 'queued', method: 'GET', endpoint });
    expect(events[1]).toMatchObject({
      type: 'wait',
      cause: 'throttled',
      path: '/organization/projects/proj_1/users',
      status: 429,
      attempt: 2,
      pace: { endpoint, cause: 'hinted', throttles: 1 },
    });
    expect((events[1] as WaitEvent).waitMs).toBeGreaterThanOrEqual(30);
    // The retry then waits its turn in the pace: said too, then the request settles.
    expect(events.slice(2).map((e) => (e.type === 'wait' ? e.cause : e.type))).toEqual(['paced', 'settled']);
    await client.close();
  });

  it('encodes every path segment', () => {
    expect(apiPath`/organization/projects/${'a/b?c'}/users/${'%2F'}`.path).toBe('/organization/projects/a%2Fb%3Fc/users/%252F');
    expect(() => apiPath`/organization/projects/${'..'}`).toThrow();
    expect(apiPath`/organization/projects/${'x'}/rate_limits`.template).toBe('/organization/projects/{}/rate_limits');
  });
});

describe('AdminClient: answers that are not the Admin API', () => {
  it.each([
    ['an HTML page with 200', 200, '<html><head><title>Welcome to nginx!</title></head><body>x</body></html>', /a success that is not JSON: an HTML page: Welcome to nginx!/],
    ['an HTML 404 page', 404, `<!doctype html><html><body><h1>Not Found</h1>${'pad '.repeat(500)}</body></html>`, /answered 404 with an HTML page: Not Found pad/],
    ['JSON of another shape with 404', 404, '{"detail":"Not Found"}', /answered 404 with \{"detail":"Not Found"\}/],
    ['a JSON array', 200, '[1,2]', /a success that is not a JSON object/],
  ])('%s: one short line naming the server and endpoint, no retry', async (_name, status, body, detail) => {
    const client = await serve((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end(body);
    });
    const error = await client.get(apiPath`/organization/projects`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedAnswerError);
    const message = (error as Error).message;
    expect(message).toMatch(detail);
    expect(message).toContain(`the server at ${baseUrl} did not answer like the OpenAI Admin API: GET /organization/projects: `);
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(400);
    expect(seen).toHaveLength(1);
    await client.close();
  });
});

describe('AdminClient: who it says it is', () => {
  it('sends User-Agent orgform/<version>', async () => {
    const { VERSION } = await import('../../../src/version.js');
    let agent: string | undefined;
    const client = await serve((req, res) => {
      agent = req.headers['user-agent'];
      json(res, 200, { object: 'organization.data_retention', type: 'none' });
    });
    await client.get(apiPath`/organization/data_retention`);
    expect(agent).toBe(`orgform/${VERSION}`);
    await client.close();
  });
});

describe('AdminClient lists in the NextCursorPage style', () => {
  it('follows the opaque `next` cursor, not the last id', async () => {
    const client = await serve((req, res) => {
      const after = new URL(req.url ?? '', 'http://x').searchParams.get('after');
      const page = after === null ? 0 : Number(after.slice('cur_'.length));
      json(res, 200, { object: 'list', data: [{ id: `g${page + 1}` }], has_more: page < 2, next: page < 2 ? `cur_${page + 1}` : null });
    });
    expect(await client.list(apiPath`/organization/groups`, {}, { cursor: 'next' })).toEqual([{ id: 'g1' }, { id: 'g2' }, { id: 'g3' }]);
    expect(seen.map((s) => s.url)).toEqual([
      '/v1/organization/groups?limit=100',
      '/v1/organization/groups?limit=100&after=cur_1',
      '/v1/organization/groups?limit=100&after=cur_2',
    ]);
    await client.close();
  });

  const broken: [string, (n: number) => unknown, RegExp][] = [
    ['has_more with no next', () => ({ object: 'list', data: [{ id: 'g1' }], has_more: true, next: null }), /has_more but gives no cursor \(no next\)/],
    ['a repeated id', (n) => ({ object: 'list', data: [{ id: 'g1' }], has_more: n < 2, next: `cur_${n}` }), /repeats the id "g1"/],
    ['a cursor loop', (n) => ({ object: 'list', data: [{ id: `g${n}` }], has_more: true, next: 'cur_same' }), /leads back to the cursor "cur_same"/],
    ['a page without data', () => ({ object: 'list', has_more: false, next: null }), /no `data` array/],
  ];
  for (const [what, page, message] of broken) {
    it(`fails closed on ${what}`, async () => {
      const client = await serve((_req, res, n) => json(res, 200, page(n)));
      await expect(client.list(apiPath`/organization/groups`, {}, { cursor: 'next' })).rejects.toThrow(message);
      await client.close();
    });
  }

  it('fails closed in the last_id style too: has_more with no way on', async () => {
    const client = await serve((_req, res) => json(res, 200, { object: 'list', data: [], has_more: true, last_id: null }));
    await expect(client.list(apiPath`/organization/users`)).rejects.toThrow(/has_more but gives no cursor/);
    await client.close();
  });
});
