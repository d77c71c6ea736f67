// The example workflows a platform team copies: each is valid YAML, gives the Action only inputs
// it has, serialises per org, and the merge job's key step stores keys without showing them.

import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, readAction } from './action-runner.js';

interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Workflow {
  jobs: Record<string, { concurrency?: { group: string; 'cancel-in-progress': boolean }; steps: WorkflowStep[] }>;
}

const DIR = join(ROOT, 'examples', 'github-actions');

async function workflows(): Promise<Map<string, Workflow>> {
  const names = (await readdir(DIR)).filter((f) => f.endsWith('.yml'));
  return new Map(await Promise.all(names.map(async (n) => [n, parse(await readFile(join(DIR, n), 'utf8')) as Workflow] as const)));
}

describe('examples/github-actions', () => {
  it('give the Action only inputs it has; plan and apply of one org never run at once', async () => {
    const inputs = Object.keys((await readAction()).inputs);
    const all = await workflows();
    expect([...all.keys()].sort()).toEqual(['apply-on-merge.yml', 'nightly-drift.yml', 'plan-on-pull-request.yml']);
    for (const [name, wf] of all) {
      for (const step of Object.values(wf.jobs).flatMap((j) => j.steps)) {
        if (!step.uses?.startsWith('orgform/orgform')) continue;
        expect(Object.keys(step.with ?? {}).filter((k) => !inputs.includes(k)), name).toEqual([]);
      }
    }
    const group = (n: string) => Object.values(all.get(n)?.jobs ?? {})[0]?.concurrency;
    expect(group('apply-on-merge.yml')).toEqual({ group: 'orgform-${{ matrix.name }}', 'cancel-in-progress': false });
    expect(group('plan-on-pull-request.yml')).toEqual(group('apply-on-merge.yml'));
  });

  it('the pull request uploads the plan file it saved', async () => {
    const steps = Object.values((await workflows()).get('plan-on-pull-request.yml')?.jobs ?? {})[0]?.steps ?? [];
    const args = (steps.find((s) => s.uses?.startsWith('orgform/orgform'))?.with?.['args'] ?? '').split('\n').map((l) => l.trim());
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(args[args.indexOf('--out') + 1]).toBe(upload?.with?.['path']);
    expect(upload?.with?.['name']).toBe('orgform-plan-${{ matrix.name }}');
  });

  it('apply on merge applies the downloaded reviewed plan, never a fresh one', async () => {
    const steps = Object.values((await workflows()).get('apply-on-merge.yml')?.jobs ?? {})[0]?.steps ?? [];
    const orgform = steps.filter((s) => s.uses?.startsWith('orgform/orgform'));
    expect(orgform.map((s) => [s.with?.['command'], s.with?.['file']])).toEqual([['apply', '${{ runner.temp }}/reviewed/plan.json']]);
  });

  it('apply on merge hands each new key to `gh secret set` on stdin, after checking with `gh secret list`', async () => {
    const steps = Object.values((await workflows()).get('apply-on-merge.yml')?.jobs ?? {})[0]?.steps ?? [];
    const args = (steps.find((s) => s.uses?.startsWith('orgform/orgform'))?.with?.['args'] ?? '').split('\n').map((l) => l.trim());
    const command = args[args.indexOf('--secrets-command') + 1] ?? 'exit 9';
    const temp = await mkdtemp(join(tmpdir(), 'orgform-wf-'));
    try {
      await mkdir(join(temp, 'bin'), { recursive: true });
      // gh stand-in: one line per call, its argv then what came on stdin.
      await writeFile(join(temp, 'bin', 'gh'), `#!/usr/bin/env bash\necho "argv: $* stdin: $(cat)" >> "${temp}/gh-calls"\n`);
      await chmod(join(temp, 'bin', 'gh'), 0o755);
      const key = { project: 'Research', service_account: 'deploy-bot', project_id: 'proj_r', service_account_id: 'svc_1', api_key_id: 'key_1', value: 'sk-svcacct-SECRET' };
      const sh = (vars: Record<string, string>, input: string) =>
        new Promise<number>((resolve, reject) => {
          // As orgform runs it: /bin/sh -c, the key JSON on stdin.
          const child = spawn('/bin/sh', ['-c', command], { env: { PATH: `${join(temp, 'bin')}:${process.env['PATH'] ?? ''}`, GITHUB_REPOSITORY: 'acme/org', ...vars }, stdio: ['pipe', 'inherit', 'inherit'] });
          child.on('error', reject);
          child.on('close', (c) => resolve(c ?? -1));
          child.stdin.end(input);
        });
      expect(await sh({ ORGFORM_KEY_SINK: 'check' }, '')).toBe(0);
      expect(await sh({ ORGFORM_KEY_SINK: 'store', ORGFORM_PROJECT: 'Research', ORGFORM_SERVICE_ACCOUNT: 'deploy-bot' }, JSON.stringify(key) + '\n')).toBe(0);
      expect(await readFile(join(temp, 'gh-calls'), 'utf8')).toBe(
        'argv: secret list --repo acme/org stdin: \nargv: secret set OPENAI_KEY_RESEARCH_DEPLOY_BOT --repo acme/org stdin: sk-svcacct-SECRET\n',
      );
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });
});
