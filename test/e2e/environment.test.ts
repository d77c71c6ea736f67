// A key or URL that cannot work, or a server that is not the Admin API, is one line on stderr and
// exit 1 within seconds: no retries, no stack trace. Proxies from the environment are honoured.
import { createServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, useEmulator, type CliResult } from './harness.js';
import { emptyOrg } from './seeds.js';

const env = useEmulator(emptyOrg);
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

async function serve(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const FILE = 'version: 1\nprojects:\n  Research: {}\n';

async function timedPlan(target: { url: string; adminKey: string }, envVars: Record<string, string> = {}): Promise<CliResult & { ms: number }> {
  const file = await env.work.write('env.yaml', FILE);
  const started = Date.now();
  const result = await runCli(['plan', file], target, { env: envVars });
  return { ...result, ms: Date.now() - started };
}

function expectOneLineError(result: CliResult & { ms: number }, text: string | RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(text);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(result.ms).toBeLessThan(5000);
}

describe('the environment, checked before the first request', () => {
  it.each([
    ['a trailing newline', (k: string) => `${k}\n`, /starts or ends with whitespace/],
    ['whitespace inside', (k: string) => `${k.slice(0, 5)} ${k.slice(5)}`, /has whitespace inside it \(at character 6\)/],
    ['a non-ASCII character', (k: string) => `${k}é`, /not printable ASCII \(character 19\)/],
    ['only whitespace', () => '  ', /is only whitespace/],
    ['a project key', () => 'sk-proj-abc123', /is a project, service-account or user API key \(sk-proj-…\), not an admin key/],
  ])('a key with %s: one line, exit 1, no request', async (_name, key, message) => {
    const result = await timedPlan({ url: env.emulator.url, adminKey: key(env.emulator.adminKey) });
    expectOneLineError(result, message);
    expect(result.stderr).toContain('No request was made.');
    expect(result.stderr).not.toContain(env.emulator.adminKey.slice(9));
    expect(env.emulator.requests()).toEqual([]);
  });

  it.each([
    ['no scheme', (u: string) => u.replace('http://', ''), /is not a URL|is not an http\(s\) URL/],
    ['a user name in it', (u: string) => u.replace('http://', 'http://me:pw@'), /must not carry a user name or password/],
  ])('a base URL with %s: one line, exit 1, no request', async (_name, url, message) => {
    const result = await timedPlan({ url: url(env.emulator.url), adminKey: env.emulator.adminKey });
    expectOneLineError(result, message);
    expect(env.emulator.requests()).toEqual([]);
  });

  it('a base URL without /v1 gets a hint, then the answer', async () => {
    const result = await timedPlan({ url: env.emulator.url.replace(/\/v1$/, ''), adminKey: env.emulator.adminKey });
    expect(result.stderr).toContain('its path does not end in /v1');
    expect(result.stderr).toContain(`did you mean ${env.emulator.url}?`);
    expect(result.code).toBe(1);
  });
});

describe('a server that is not the Admin API', () => {
  it.each([
    ['an HTML page (200)', 200, 'text/html', '<!doctype html><html><head><title>Corporate Portal</title></head><body>' + 'x'.repeat(5000) + '</body></html>', /a success that is not JSON: an HTML page: Corporate Portal$/m],
    ['an HTML 404 page', 404, 'text/html', '<html><body><h1>404 Not Found</h1>' + 'y'.repeat(5000) + '</body></html>', /answered 404 with an HTML page: 404 Not Found y+…$/m],
    ['JSON of another shape', 200, 'application/json', '{"status":"ok","service":"something else"}', /page 1 has no `data` array/],
  ])('%s: "did not answer like the OpenAI Admin API", one line, exit 1, no retry', async (_name, status, type, body, detail) => {
    let hits = 0;
    const url = await serve(
      createServer((_req, res) => {
        hits++;
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      }),
    );
    const result = await timedPlan({ url: `${url}/v1`, adminKey: 'sk-admin-anything' });
    expectOneLineError(result, `error: the server at ${url}/v1 did not answer like the OpenAI Admin API: GET /organization/projects: `);
    expect(result.stderr).toMatch(detail);
    expect(result.stderr.length).toBeLessThan(500);
    expect(hits).toBe(1);
  });
});

describe('proxies from the environment', () => {
  async function tunnel(): Promise<{ url: string; connects: string[] }> {
    const connects: string[] = [];
    const proxy = createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, client, head) => {
      connects.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = netConnect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    return { url: await serve(proxy), connects };
  }

  it('HTTP_PROXY carries the requests; NO_PROXY exempts the host', async () => {
    const proxy = await tunnel();
    const host = new URL(env.emulator.url).host;
    const via = await timedPlan(env.target(), { HTTP_PROXY: proxy.url });
    expect(via.stderr).toBe('');
    expect(via.code).toBe(0);
    expect(proxy.connects).toContain(host);
    proxy.connects.length = 0;
    const direct = await timedPlan(env.target(), { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    expect(direct.code).toBe(0);
    expect(proxy.connects).toEqual([]);
  });
});
