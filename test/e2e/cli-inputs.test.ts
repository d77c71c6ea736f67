// What the CLI takes a file to be, help for one command, and what the demo leaves behind.

import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PLAN_FORMAT_VERSION } from '../../src/plan/types.js';
import { runCli, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

const env = useEmulator(busyOrg);
const target = () => env.target();
const ALERT = 'version: 1\nprojects:\n  Research:\n    spend_alerts:\n      - { threshold_amount: 1000, recipients: [a@example.com, z@example.com] }\n      - { threshold_amount: 2000, recipients: [b@example.com] }\n';

describe('a saved plan or a config: by content, not by name', () => {
  it('applies a JSON config named .json as a config, and says so', async () => {
    const file = await env.work.write(
      'config.json',
      JSON.stringify({ version: 1, projects: { Research: { data_retention: 'zero_data_retention' } } }),
    );
    const applied = await runCli(['apply', file, '--auto-approve'], target());
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(`${file} has no format_version: reading it as a config file, not a saved plan.`);
    expect(env.emulator.getState().projects.find((p) => p.id === 'proj_r')?.data_retention).toBe('zero_data_retention');
  });

  it('applies a saved plan whatever its name, and plan refuses one, pointing to apply', async () => {
    const file = await env.work.write('alerts.yaml', ALERT);
    const saved = env.work.path('alerts.plan');
    expect((await runCli(['plan', file, '--out', saved], target())).code).toBe(0);
    const planned = await runCli(['plan', saved], target());
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(`${saved} is a saved plan (it has format_version): apply it with \`orgform apply ${saved}\``);
    const applied = await runCli(['apply', saved, '--auto-approve'], target());
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(`${saved} is a saved plan (format_version ${PLAN_FORMAT_VERSION}): applying exactly it.`);
    expect(applied.stdout).toContain('Apply complete: 1 applied');
  });
});

describe('orgform help COMMAND', () => {
  it('prints that command\'s help', async () => {
    const help = await runCli(['help', 'plan'], null);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: orgform plan FILE');
    expect((await runCli(['help'], null)).stdout).toContain('usage: orgform <command> [options]');
  });
});

describe('npm start (orgform demo)', () => {
  it('removes its temporary secrets directory, key file and all, at exit', async () => {
    const demo = await runCli(['demo'], null);
    expect(demo.code, demo.stderr).toBe(0);
    const dir = /--secrets-dir (\S+)/.exec(demo.stdout)?.[1] ?? '';
    expect(dir).toMatch(/orgform-demo-secrets-/);
    expect(demo.stdout).toContain(`one-time API key written to ${dir}/`);
    await expect(stat(dir)).rejects.toThrow();
  });
});
