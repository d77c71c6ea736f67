// orgform doctor: read-only checks, as JSON, against the emulator; GETs only, ever.
import { describe, expect, it } from 'vitest';
import { runCli, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

const env = useEmulator(busyOrg);

interface Check {
  name: string;
  status: 'pass' | 'warn' | 'fail';
  detail: string;
}

async function doctor(key?: string): Promise<{ code: number; checks: Check[]; stderr: string }> {
  const result = await runCli(['doctor', '--format', 'json'], env.target(key));
  return { code: result.code, checks: (JSON.parse(result.stdout) as { checks: Check[] }).checks, stderr: result.stderr };
}

const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe('orgform doctor', () => {
  it('passes against the emulator with GET requests only', async () => {
    const { code, checks } = await doctor();
    expect(code).toBe(0);
    for (const check of checks) {
      expect(Object.keys(check).sort()).toEqual(['detail', 'name', 'status']);
      // The emulator's admin keys never expire (expires_at null), which key hygiene reports.
      expect(check.status).toBe(check.name === 'key_hygiene' ? 'warn' : 'pass');
    }
    const names = checks.map((c) => c.name);
    for (const name of ['key', 'base_url', 'connection', 'auth', 'latency', 'key_owner', 'model_permissions', 'spend_limit', 'data_retention', 'audit_logs']) {
      expect(names).toContain(name);
    }
    expect(byName(checks)['key_owner']?.detail).toBe('the key is owned by owner@example.com (owner)');
    expect(byName(checks)['key_hygiene']?.detail).toMatch(/^admin key ".*" \(key_[^,]+, owned by .+\) has no expiry$/);
    const requests = env.emulator.requests();
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a project key fails, with no request made', async () => {
    const { code, checks } = await doctor('sk-proj-not-an-admin-key');
    expect(code).toBe(1);
    expect(byName(checks)['key']?.status).toBe('fail');
    expect(env.emulator.requests()).toEqual([]);
  });

  it('a key the server refuses fails the auth check', async () => {
    const { code, checks } = await doctor('sk-admin-unknown-to-this-org');
    expect(code).toBe(1);
    expect(byName(checks)['auth']).toMatchObject({ status: 'fail', detail: expect.stringContaining('401') });
  });

  it('reports what the profile answers: 404 for unset settings, forbidden audit logs, a key it cannot match', async () => {
    env.emulator.setBehaviour({ model_permissions_unset: '404', spend_limit_unset: 'inactive', audit_logs: 'forbidden', admin_key_redaction: 'masked' });
    env.emulator.setState({ ...busyOrg(), projects: [{ id: 'proj_plain', name: 'Plain' }] });
    const { code, checks } = await doctor();
    env.emulator.setBehaviour({});
    expect(code).toBe(0);
    const c = byName(checks);
    expect(c['model_permissions']?.detail).toContain('answered 404; read as {"object":"project.model_permissions","mode":"deny_list","model_ids":[]}');
    expect(c['spend_limit']?.detail).toMatch(/answered 200 .*"inactive".*; read as null/);
    expect(c['audit_logs']).toMatchObject({ status: 'warn', detail: expect.stringContaining('not readable (403)') });
    expect(c['key_owner']).toMatchObject({ status: 'warn', detail: expect.stringContaining('the key-owner guard will be off: none of the 2 listed admin keys matches') });
    expect(env.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
