// A list page that cannot be trusted stops the read: a malformed or truncated users or projects
// page never becomes a plan, so never a removal or an archive.
import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_CHOICES } from '../../src/emulator/index.js';
import { runCli, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

const env = useEmulator(busyOrg);

// A file that manages users and projects: a short read of either would plan removals.
const FILE = `version: 1
users:
  - { email: owner@example.com, role: owner }
  - { email: carol@example.com, role: owner }
  - { email: bob@example.com, role: reader }
projects:
  Research: {}
  Old: {}
`;

const broken = BEHAVIOUR_CHOICES.list_page.filter((mode) => mode !== 'ok');

describe('lists fail closed', () => {
  it('the file plans no change against the intact org', async () => {
    const file = await env.work.write('lists.yaml', FILE);
    const plan = await runCli(['plan', file, '--detailed-exitcode', '--no-attribution'], env.target());
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
  });

  for (const endpoint of ['/organization/users', '/organization/projects']) {
    for (const mode of broken) {
      it(`${mode} on ${endpoint}: plan and apply stop with the endpoint named, nothing is written`, async () => {
        const file = await env.work.write('lists.yaml', FILE);
        env.emulator.setBehaviour({ list_page: mode, list_page_endpoint: endpoint });
        const plan = await runCli(['plan', file, '--no-attribution'], env.target());
        const apply = await runCli(['apply', file, '--auto-approve', '--allow-destroy'], env.target());
        env.emulator.setBehaviour({});
        for (const run of [plan, apply]) {
          expect(run.code).toBe(1);
          expect(run.stdout).toBe('');
          expect(run.stderr).toContain(`did not answer like the OpenAI Admin API: GET ${endpoint}`);
          expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
        }
        expect(env.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
        expect(env.emulator.getState().users.map((u) => u.email).sort()).toEqual(['bob@example.com', 'carol@example.com', 'owner@example.com']);
      });
    }
  }
});
