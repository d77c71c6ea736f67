// Output for machines: apply's JSON Lines events checked against their published schema,
// validate's JSON and GitHub annotations. Colour from the environment: test/smoke/color.test.ts.

import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventValidator, runCli, skippingClock, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

const env = useEmulator(busyOrg);
const target = () => env.target();
afterEach(() => env.emulator.setFaults([]));

/** Every stdout line parsed and checked against schemas/apply-events.schema.json. */
async function events(stdout: string): Promise<Array<Record<string, unknown>>> {
  const validate = await eventValidator();
  const lines = stdout.split('\n').filter((l) => l !== '');
  return lines.map((line) => {
    const event = JSON.parse(line) as Record<string, unknown>;
    expect(validate(event), `${line}\n${JSON.stringify(validate.errors)}`).toBe(true);
    return event;
  });
}

const CONFIG = `version: 1
projects:
  Research:
    data_retention: zero_data_retention
    service_accounts:
      - { name: deploy-bot, role: member }
  Fresh:
    spend_alerts:
      - threshold_amount: 700
        recipients: [x@example.com]
`;

describe('apply --format json', () => {
  it('writes schema-valid JSON Lines as things happen: started, failed, skipped, applied, key stored (without the key), summary', async () => {
    const file = await env.work.write('events.yaml', CONFIG);
    const secrets = env.work.path('events-secrets');
    env.emulator.setFaults([{ method: 'POST', path: '/organization/projects', kind: 'status', status: 503 }]);
    // Each try of the create waits out its back-off: skipped.
    const run = await runCli(['apply', file, '--auto-approve', '--format', 'json', '--secrets-dir', secrets], target(), { clock: skippingClock() });
    expect(run.code).toBe(1);
    const all = await events(run.stdout);
    const types = all.map((e) => e.type);
    expect(types[0]).toBe('apply_started');
    expect(types.at(-1)).toBe('summary');
    expect(all.at(-1)).toMatchObject({ applied: 2, failed: 1, skipped: 1, interrupted: false });
    const at = (type: string, address: string) => all.findIndex((e) => e.type === type && (e.change as { address: string } | undefined)?.address === address);
    const bot = 'project["Research"].service_account["deploy-bot"]';
    expect(at('change_started', bot)).toBeGreaterThan(0);
    expect(at('key_stored', bot)).toBeGreaterThan(at('change_started', bot));
    expect(at('change_applied', bot)).toBeGreaterThan(at('key_stored', bot));
    expect(all[at('change_failed', 'project["Fresh"]')]).toMatchObject({ error: expect.stringContaining('503'), request_id: expect.stringMatching(/^req_/) });
    expect(at('change_skipped', 'project["Fresh"].spend_alert[700]')).toBeGreaterThan(at('change_failed', 'project["Fresh"]'));
    // A skipped change was never started.
    expect(at('change_started', 'project["Fresh"].spend_alert[700]')).toBe(-1);

    const [keyFile] = await readdir(secrets);
    const stored = JSON.parse(await readFile(join(secrets, keyFile ?? ''), 'utf8')) as { value: string; api_key_id: string };
    expect(all[at('key_stored', bot)]).toMatchObject({ sink: 'file', location: join(secrets, keyFile ?? ''), api_key_id: stored.api_key_id });
    expect(run.stdout + run.stderr).not.toContain(stored.value);
    // The people's report is on stderr.
    expect(run.stderr).toContain('Apply complete: 2 applied, 1 failed, 1 skipped.');
  });

  it('with nothing to do: the plan, then a zero summary', async () => {
    const file = await env.work.write('quiet-events.yaml', 'version: 1\nprojects:\n  Research: {}\n');
    const run = await runCli(['apply', file, '--auto-approve', '--format', 'json'], target());
    expect(run.code).toBe(0);
    expect((await events(run.stdout)).map((e) => e.type)).toEqual(['apply_started', 'summary']);
  });
});

describe('validate --format', () => {
  const BAD = 'version: 1\nprojects:\n  Research:\n    data_retention: forever\n';

  it('json: every problem with file, line and column; exit 1', async () => {
    const file = await env.work.write('bad.yaml', BAD);
    const run = await runCli(['validate', file, '--format', 'json'], null);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { valid: boolean; problems: Array<{ file: string; line: number; col: number; message: string }> };
    expect(doc.valid).toBe(false);
    expect(doc.problems).toEqual([expect.objectContaining({ file, line: 4, col: 21 })]);
    const good = await runCli(['validate', await env.work.write('good.yaml', 'version: 1\nprojects:\n  A: {}\n'), '--format', 'json'], null);
    expect(JSON.parse(good.stdout)).toMatchObject({ valid: true, projects: 1, problems: [] });
  });

  it('github: one ::error workflow command per problem, file name escaped', async () => {
    const file = await env.work.write('bad, odd: name.yaml', BAD);
    const run = await runCli(['validate', file, '--format', 'github'], null);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const escapedFile = file.replace(/:/g, '%3A').replace(/,/g, '%2C');
    expect(lines[0]).toMatch(new RegExp(`^::error file=${escapedFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},line=4,col=21,title=orgform validate::\\S`));
  });
});
