// export writes a file that plans with no changes, or writes nothing and says why.

import { readFile, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

const env = useEmulator(busyOrg);
const target = () => env.target();

async function createProject(name: string): Promise<string> {
  const response = await fetch(`${env.emulator.url}/organization/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.emulator.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

describe('export of what a file cannot express', () => {
  it('two active projects of one name: exits 1 naming them and how to fix it, writes nothing', async () => {
    const second = await createProject('Research');
    const out = env.work.path('dup-export.yaml');
    const run = await runCli(['export', '--out', out], target());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: the live organization cannot be exported as it is:');
    expect(run.stderr).toContain(`2 active live projects are named "Research" (proj_r, ${second})`);
    expect(run.stderr).toContain('Nothing was written.');
    expect(run.stdout).toBe('');
    await expect(stat(out)).rejects.toThrow();
  });

  it('a control character or a look-alike in a live name: exits 1 naming it', async () => {
    await createProject('Bad\u0007bell');
    await createProject('RESEARCH');
    const run = await runCli(['export'], target());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('project name "Bad\\u0007bell" contains a control character (U+0007)');
    expect(run.stderr).toContain('project "Research" looks like project "RESEARCH": they differ only by case');
    expect(run.stdout).toBe('');
  });

  it('an org it can express is exported, and the file plans with no changes', async () => {
    const out = env.work.path('ok-export.yaml');
    const run = await runCli(['export', '--out', out], target());
    expect(run.code, run.stderr).toBe(0);
    const plan = await runCli(['plan', out, '--detailed-exitcode'], target());
    expect(plan.stdout).toContain('No changes.');
  });
});

describe('export --out', () => {
  it('never replaces an existing file without --force, and asks the API nothing first', async () => {
    const out = await env.work.write('hand-written.yaml', '# mine\nversion: 1\n');
    const run = await runCli(['export', '--out', out], target());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${out} exists: give --force to replace it`);
    expect(await readFile(out, 'utf8')).toBe('# mine\nversion: 1\n');
    expect(env.emulator.requests()).toEqual([]);
    const forced = await runCli(['export', '--out', out, '--force'], target());
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('Exported by `orgform export`');
  });
});
