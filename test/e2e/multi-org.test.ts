// One file per organization: `orgform plan a.yaml b.yaml` plans each with the key its
// orgform.admin_key_env names, reports each under its name, and exits with the worst status.

import { describe, expect, it } from 'vitest';
import { runCli, useEmulator } from './harness.js';
import { E2E_KEY, emptyOrg } from './seeds.js';

const t = useEmulator(emptyOrg);

const file = (keyVar: string, project: string) => `version: 1\norgform: { admin_key_env: ${keyVar} }\nprojects:\n  ${project}: {}\n`;

describe('plan of several organization files', () => {
  it('plans each file with its own key and reports each under its name', async () => {
    const a = await t.work.write('org-a.yaml', file('ORG_A_KEY', 'Alpha'));
    const b = await t.work.write('org-b.yaml', file('ORG_B_KEY', 'Beta'));
    const result = await runCli(['plan', a, b, '--detailed-exitcode', '--no-attribution'], null, {
      env: { OPENAI_BASE_URL: t.emulator.url, ORG_A_KEY: E2E_KEY, ORG_B_KEY: E2E_KEY },
    });
    expect(result.stderr).toContain(`== ${a}`);
    expect(result.stderr).toContain(`== ${b}`);
    expect(result.stdout).toContain('project["Alpha"]');
    expect(result.stdout).toContain('project["Beta"]');
    expect(result.code).toBe(2);
  });

  it('goes on past a file whose key is missing, names the variable, and exits 1', async () => {
    const a = await t.work.write('org-a.yaml', file('ORG_A_KEY', 'Alpha'));
    const b = await t.work.write('org-b.yaml', file('ORG_B_KEY', 'Beta'));
    const result = await runCli(['plan', a, b, '--no-attribution'], null, {
      env: { OPENAI_BASE_URL: t.emulator.url, ORG_B_KEY: E2E_KEY },
    });
    expect(result.stderr).toMatch(/ORG_A_KEY is not set/);
    expect(result.stdout).toContain('project["Beta"]');
    expect(result.code).toBe(1);
    expect(t.emulator.requests().every((r) => r.method === 'GET')).toBe(true);
  });

  it('refuses --out with more than one file before any request', async () => {
    const a = await t.work.write('org-a.yaml', file('ORG_A_KEY', 'Alpha'));
    const result = await runCli(['plan', a, a, '--out', t.work.path('p.json')], null, { env: { OPENAI_BASE_URL: t.emulator.url, ORG_A_KEY: E2E_KEY } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--out saves one plan/);
    expect(t.emulator.requests()).toEqual([]);
  });
});
