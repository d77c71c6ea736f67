// The GitHub Action's own shell steps, run here as a runner would run them (bash, with the
// GITHUB_* files), against the emulator; `gh` is a stand-in that records what it was asked.

import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { useEmulator } from '../e2e/harness.js';
import { busyOrg } from '../e2e/seeds.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  name?: string;
  id?: string;
  run?: string;
  env?: Record<string, string>;
}

const env = useEmulator(busyOrg);

async function actionSteps(): Promise<Step[]> {
  const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; steps: Step[] } };
  expect(action.runs.using).toBe('composite');
  return action.runs.steps;
}

/** Runs one step's script with `${{ … }}` expressions already resolved into `vars`. */
function runStep(script: string, vars: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', script], { env: { PATH: `${vars['FAKE_BIN']}:${process.env['PATH'] ?? ''}`, ...vars }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

describe('action.yml', () => {
  it('runs plan, reports exit 2 on drift without failing the step, and comments the Markdown plan in parts', async () => {
    const temp = env.work.path('runner');
    const fakeBin = join(temp, 'bin');
    await mkdir(fakeBin, { recursive: true });
    // gh stand-in: keeps each comment body it is given.
    await writeFile(join(fakeBin, 'gh'), `#!/usr/bin/env bash\nn=$(ls "$RUNNER_TEMP"/comment-* 2>/dev/null | wc -l)\nwhile [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cp "$2" "$RUNNER_TEMP/comment-$n.md"; fi; shift; done\n`);
    await chmod(join(fakeBin, 'gh'), 0o755);
    const file = await env.work.write('org.yaml', 'version: 1\nprojects:\n  Research:\n    data_retention: zero_data_retention\n');
    const output = join(temp, 'github-output');
    await writeFile(output, '');
    const vars = {
      FAKE_BIN: fakeBin,
      GITHUB_ACTION_PATH: ROOT,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: output,
      GITHUB_REPOSITORY: 'acme/org',
      OPENAI_BASE_URL: env.emulator.url,
      OPENAI_ADMIN_KEY: env.emulator.adminKey,
      ORGFORM_COMMAND: 'plan',
      ORGFORM_FILE: file,
      ORGFORM_FORMAT: 'markdown',
      ORGFORM_ARGS: '--detailed-exitcode',
    };
    const steps = await actionSteps();
    const run = steps.find((s) => s.id === 'run');
    expect(await runStep(run?.run ?? '', vars)).toBe(0);
    const outputs = Object.fromEntries((await readFile(output, 'utf8')).trim().split('\n').map((l) => l.split('=') as [string, string]));
    expect(outputs['exitcode']).toBe('2');
    const comment = steps.find((s) => s.name?.startsWith('Comment'));
    expect(await runStep(comment?.run ?? '', { ...vars, PR: '7', OUT: outputs['output-file'] ?? '', GH_TOKEN: 'x' })).toBe(0);
    const posted = (await readdir(temp)).filter((f) => f.startsWith('comment-'));
    expect(posted).toHaveLength(1);
    const body = await readFile(join(temp, posted[0] ?? ''), 'utf8');
    expect(body).toContain('## orgform plan');
    expect(body).toContain('project["Research"].data_retention');
    expect(body).not.toContain('<!-- orgform: next part -->');
  });

  it('fails the step on an error (exit 1), as a pipeline must', async () => {
    const temp = env.work.path('runner-fail');
    await mkdir(temp, { recursive: true });
    const output = join(temp, 'github-output');
    await writeFile(output, '');
    const bad = await env.work.write('bad.yaml', 'version: 2\n');
    const run = (await actionSteps()).find((s) => s.id === 'run');
    const code = await runStep(run?.run ?? '', {
      FAKE_BIN: temp,
      GITHUB_ACTION_PATH: ROOT,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: output,
      ORGFORM_COMMAND: 'plan',
      ORGFORM_FILE: bad,
      ORGFORM_FORMAT: 'text',
      ORGFORM_ARGS: '',
    });
    expect(code).toBe(1);
    expect(await readFile(output, 'utf8')).toContain('exitcode=1');
  });
});
