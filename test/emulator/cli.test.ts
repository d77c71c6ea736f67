// `orgform emulator`: starts on the given port, prints its URL and key, stops on signal.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runEmulatorCommand } from '../../src/emulator/cli.js';

function capture() {
  const lines: string[] = [];
  return { lines, write: (text: string) => void lines.push(text) };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out');
}

test('starts on port 0, prints the base URL and the demo key, serves, stops on abort', async () => {
  const out = capture();
  const stop = new AbortController();
  const running = runEmulatorCommand(['--port', '0', '--throttle-rpm', '100'], { out: out.write, signal: stop.signal });
  const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out.lines.join('\n'))?.[1]);
  expect(out.lines.join('\n')).toContain('sk-admin-emulator-demo');
  const response = await fetch(`${url}/organization/projects`, { headers: { authorization: 'Bearer sk-admin-emulator-demo' } });
  expect(response.status).toBe(200);
  stop.abort();
  expect(await running).toBe(0);
  await expect(fetch(`${url}/organization/projects`)).rejects.toThrow();
});

test('reads seed and faults files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgform-cli-'));
  try {
    const seed = join(dir, 'seed.json');
    const faults = join(dir, 'faults.json');
    writeFileSync(seed, JSON.stringify({ admin_keys: [{ value: 'sk-admin-cli', owner_email: 'a@example.com' }], users: [{ email: 'a@example.com', role: 'owner' }] }));
    writeFileSync(faults, JSON.stringify({ seed: 9, rules: [{ kind: 'status', status: 503, count: 1 }] }));
    const out = capture();
    const stop = new AbortController();
    const running = runEmulatorCommand(['--seed', seed, '--faults', faults, '--latency', '0-2'], { out: out.write, signal: stop.signal });
    const url = await waitFor(() => /listening on (\S+)/.exec(out.lines.join('\n'))?.[1]);
    const get = () => fetch(`${url}/organization/users`, { headers: { authorization: 'Bearer sk-admin-cli' } });
    expect((await get()).status).toBe(503);
    expect((await get()).status).toBe(200);
    stop.abort();
    expect(await running).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad flags and files are usage errors', async () => {
  const err = capture();
  expect(await runEmulatorCommand(['--port', 'abc'], { err: err.write })).toBe(2);
  expect(await runEmulatorCommand(['--bogus'], { err: err.write })).toBe(2);
  expect(await runEmulatorCommand(['--faults', '/nonexistent/faults.json'], { err: err.write })).toBe(2);
  expect(await runEmulatorCommand(['--seed', '/nonexistent/seed.json'], { err: err.write })).toBe(1);
  expect(err.lines.join('\n')).toMatch(/--port must be an integer/);
  const out = capture();
  expect(await runEmulatorCommand(['--help'], { out: out.write })).toBe(0);
  expect(out.lines.join('\n')).toContain('--throttle-rpm');
});
