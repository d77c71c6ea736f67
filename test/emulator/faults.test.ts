// Fault injection: deterministic under a seed, counted rules, dropped connections, and
// commit_then_fail really committing (the case that makes naive retries create duplicates).
import OpenAI, { APIConnectionError, InternalServerError } from 'openai';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FaultInjector } from '../../src/emulator/faults.js';
import type { FaultRule, RunningEmulator } from '../../src/emulator/index.js';
import { parseFaultRules } from '../../src/emulator/index.js';
import { collect, failure, sdk, start } from '../contract/support.js';

describe('FaultInjector', () => {
  const flaky: FaultRule[] = [{ kind: 'status', status: 500, probability: 0.5 }];
  const outcomes = (seed: number) => {
    const injector = new FaultInjector(flaky, seed);
    return Array.from({ length: 40 }, () => injector.decide('GET', '/organization/projects').action?.kind ?? 'ok');
  };

  test('the same seed replays the same faults; another seed differs', () => {
    const first = outcomes(42);
    expect(outcomes(42)).toEqual(first);
    expect(outcomes(7)).not.toEqual(first);
    const failures = first.filter((o) => o === 'status').length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
  });

  test('count, method and path patterns', () => {
    const injector = new FaultInjector([
      { kind: 'drop', method: 'POST', path: '/v1/organization/projects/{project_id}/users', count: 2 },
      { kind: 'latency', ms: { min: 10, max: 20 }, path: '/organization/**' },
    ]);
    const post = () => injector.decide('POST', '/organization/projects/proj_1/users');
    expect(post().action?.kind).toBe('drop');
    expect(injector.decide('GET', '/organization/projects/proj_1/users').action).toBeNull();
    expect(injector.decide('POST', '/organization/projects/proj_1/users/user-1').action).toBeNull();
    expect(post().action?.kind).toBe('drop');
    const third = post();
    expect(third.action).toBeNull();
    expect(third.latencyMs).toBeGreaterThanOrEqual(10);
    expect(third.latencyMs).toBeLessThanOrEqual(20);
    expect(injector.decide('GET', '/other').latencyMs).toBe(0);
  });

  test('rules from files are checked', () => {
    expect(() => parseFaultRules([{ kind: 'status', status: 418 }])).toThrow(/status must be one of/);
    expect(() => parseFaultRules([{ kind: 'drop', probability: 2 }])).toThrow(/probability/);
    expect(() => parseFaultRules([{ kind: 'drop', retryAfter: 1 }])).toThrow(/unknown field 'retryAfter'/);
    expect(parseFaultRules([{ kind: 'commit_then_fail', then: 503, path: '/organization/invites' }])).toHaveLength(1);
  });
});

describe('faults over HTTP', () => {
  let emu: RunningEmulator;
  beforeEach(async () => {
    emu = await start();
  });
  afterEach(() => emu.close());

  const projectNames = async (client: OpenAI) => (await collect(client.admin.organization.projects.list())).map((p) => p.name);

  test('the next 2 POSTs to /organization/projects fail with 503, the third succeeds', async () => {
    emu.setFaults([{ kind: 'status', status: 503, method: 'POST', path: '/organization/projects', count: 2 }]);
    const client = sdk(emu);
    expect(await failure(client.admin.organization.projects.create({ name: 'a' }))).toBeInstanceOf(InternalServerError);
    expect(await failure(client.admin.organization.projects.create({ name: 'a' }))).toBeInstanceOf(InternalServerError);
    await client.admin.organization.projects.list();
    await client.admin.organization.projects.create({ name: 'a' });
    expect(await projectNames(client)).toEqual(['Default project', 'Research', 'Legacy', 'a']);
    expect(emu.requests().map((r) => [r.method, r.status, r.fault])).toEqual([
      ['POST', 503, 'status'],
      ['POST', 503, 'status'],
      ['GET', 200, null],
      ['POST', 200, null],
      ['GET', 200, null],
    ]);
  });

  test('the SDK retries a 503 by itself and gets through', async () => {
    emu.setFaults([{ kind: 'status', status: 503, retryAfterMs: 1, count: 2 }]);
    const projects = await collect(sdk(emu, { maxRetries: 2 }).admin.organization.projects.list());
    expect(projects).toHaveLength(3);
    expect(emu.requests().map((r) => r.status)).toEqual([503, 503, 200]);
  });

  test('a dropped connection is an APIConnectionError and changes nothing', async () => {
    emu.setFaults([{ kind: 'drop', method: 'POST', count: 1 }]);
    const client = sdk(emu);
    expect(await failure(client.admin.organization.projects.create({ name: 'dropped' }))).toBeInstanceOf(APIConnectionError);
    expect(await projectNames(client)).not.toContain('dropped');
    expect(emu.requests()[0]).toMatchObject({ status: 0, fault: 'drop' });
  });

  test('commit_then_fail commits: a naive retry creates a duplicate', async () => {
    emu.setFaults([{ kind: 'commit_then_fail', method: 'POST', path: '/organization/projects', count: 1 }]);
    const naive = sdk(emu, { maxRetries: 2 });
    const created = await naive.admin.organization.projects.create({ name: 'twice' });
    expect(created.name).toBe('twice');
    expect((await projectNames(naive)).filter((n) => n === 'twice')).toHaveLength(2);
  });

  test('commit_then_fail with a status: the change is made, the client sees a 500', async () => {
    emu.setFaults([{ kind: 'commit_then_fail', then: 500, path: '/organization/invites', count: 1 }]);
    const client = sdk(emu);
    const error = await failure(client.admin.organization.invites.create({ email: 'kim@example.com', role: 'reader', projects: [] }));
    expect(error.status).toBe(500);
    const invites = await collect(client.admin.organization.invites.list());
    expect(invites.map((i) => i.email)).toContain('kim@example.com');
  });

  test('latency rules and the global latency delay the answer', async () => {
    emu.setFaults([{ kind: 'latency', ms: 120, path: '/organization/users' }]);
    const client = sdk(emu);
    let started = Date.now();
    await client.admin.organization.users.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    emu.setFaults([]);
    emu.setLatency(80);
    started = Date.now();
    await client.admin.organization.invites.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  test('faults can be given at start, with a seed', async () => {
    const seeded = await start({ faults: [{ kind: 'status', status: 502, probability: 0.5 }], faultSeed: 3 });
    const other = await start({ faults: [{ kind: 'status', status: 502, probability: 0.5 }], faultSeed: 3 });
    try {
      const run = async (e: RunningEmulator) => {
        const client = sdk(e);
        for (let i = 0; i < 12; i++) await client.admin.organization.invites.list().catch(() => undefined);
        return e.requests().map((r) => r.status);
      };
      const first = await run(seeded);
      expect(first).toContain(502);
      expect(first).toContain(200);
      expect(await run(other)).toEqual(first);
    } finally {
      await seeded.close();
      await other.close();
    }
  });
});
