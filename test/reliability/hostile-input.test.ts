// Hostile config files through the real CLI: each is refused with exit status 1, every problem at
// FILE:LINE:COL, and not one request reaches the API, for `plan` and for `apply --auto-approve`.
// Then names that look like URL paths: they are names, never path segments.

import { open, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { MAX_PROBLEMS } from '../../src/config/index.js';
import type { Plan } from '../../src/plan/types.js';
import { activeProjects, runCli, TempDir, type CliTarget } from './support.js';

const KEY = 'sk-admin-hostile-owner';

const SEED: EmulatorSeed = {
  organization: { data_retention: 'modified_abuse_monitoring' },
  admin_keys: [{ value: KEY, owner_email: 'owner@example.com' }],
  users: [{ email: 'owner@example.com', role: 'owner' }],
  projects: [{ id: 'proj_r', name: 'Research' }],
  invites: [],
};

const yaml = (...lines: string[]): string => lines.join('\n') + '\n';

function aliasBomb(): string {
  const lines = ['version: 1', 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 9; i++) {
    const name = String.fromCharCode(97 + i);
    const prev = String.fromCharCode(97 + i - 1);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  return yaml(...lines);
}

interface HostileCase {
  name: string;
  /** The file's content, or a function that writes it (for the big ones) to `file`. */
  content?: string | Uint8Array;
  write?: (file: string) => Promise<void>;
  /** `L:C: message` fragments that must each appear after `FILE:`; [] where there is no position. */
  expected: string[];
  /** A file path that is given as is (a device, a directory). */
  path?: string;
}

const CASES: HostileCase[] = [
  {
    name: 'YAML syntax error',
    content: yaml('version: 1', 'projects:', '  A: {archived: true', 'users: 3'),
    expected: ['4:1: YAML syntax error: '],
  },
  {
    name: 'duplicate keys',
    content: yaml('version: 1', 'projects:', '  A: {}', '  "A": {}', 'version: 1'),
    expected: ['4:3: duplicate key `A` (first at line 3)', '5:1: duplicate key `version` (first at line 1)'],
  },
  {
    name: 'alias bomb (billion laughs)',
    content: aliasBomb(),
    expected: ['6:8: aliases expand to more than 10000 nodes: refusing what looks like an alias bomb'],
  },
  {
    name: 'a 50 MB file',
    write: async (file) => {
      const handle = await open(file, 'w');
      try {
        const chunk = Buffer.from(`# ${'x'.repeat(1021)}\n`);
        const block = Buffer.concat(Array.from({ length: 1024 }, () => chunk)); // 1 MiB
        await handle.write('version: 1\n');
        for (let i = 0; i < 50; i++) await handle.write(block);
      } finally {
        await handle.close();
      }
    },
    expected: ['1:1: the file is 52428811 bytes; a config may be at most'],
  },
  {
    name: 'an endless device',
    path: '/dev/zero',
    expected: ['1:1: the file is 10485761 bytes; a config may be at most'],
  },
  {
    name: 'a directory',
    path: '/tmp',
    expected: ['1:1: cannot read /tmp: it is a directory'],
  },
  {
    name: 'bytes that are not UTF-8',
    content: Buffer.concat([Buffer.from('version: 1\nprojects:\n  Caf'), Buffer.from([0xe9]), Buffer.from(': {}\n')]),
    expected: ['3:6: the file is not valid UTF-8: byte 0xe9 at offset 26'],
  },
  {
    name: 'overlong UTF-8 and a lone surrogate',
    content: Buffer.concat([Buffer.from('version: 1\n# '), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('\n')]),
    expected: ['2:3: the file is not valid UTF-8: byte 0xc0'],
  },
  {
    name: '__proto__ and constructor keys',
    content: yaml(
      'version: 1',
      '__proto__: {polluted: true}',
      'projects:',
      '  constructor: {}',
      '  B:',
      '    rate_limits:',
      '      __proto__: {max_requests_per_1_minute: 1}',
      '    prototype: 1',
    ),
    expected: [
      '2:1: the key `__proto__` is not allowed',
      '4:3: the key `constructor` is not allowed',
      '7:7: the key `__proto__` is not allowed',
      '8:5: the key `prototype` is not allowed',
    ],
  },
  {
    name: 'wrong types everywhere',
    content: yaml(
      'version: "1"',
      'orgform: {secrets_dir: 3, destroy_limits: {max_count: -1, max_fraction: 2}}',
      'protect: {projects: [1], users: "x"}',
      'organization: []',
      'users: {a: 1}',
      'invites: 3',
      'projects:',
      '  A:',
      '    archived: "yes"',
      '    spend_alerts: {}',
      '    members: [1, "x"]',
      '    service_accounts: [{name: 3, role: true}]',
      '    rate_limits: {gpt-4o: {max_requests_per_1_minute: "lots"}}',
      '    spend_limit: 5',
      '    model_permissions: {mode: allow_list, model_ids: gpt-4o}',
    ),
    expected: [
      '1:10: version must be 1',
      '4:15: organization must be a map',
      '5:8: users must be a list',
      '6:10: invites must be a list',
      '9:15: archived must be true or false',
      '10:19: spend_alerts must be a list',
      '11:15: members[0] must be a map',
      '12:31: name must be a string',
      '13:55: max_requests_per_1_minute must be an integer',
    ],
  },
  {
    name: 'unknown keys, with a "did you mean"',
    content: yaml(
      'version: 1',
      'organisation: {}',
      'projects:',
      '  B:',
      '    spend_alert: []',
      '    model_permission: {mode: allow_list, model_ids: []}',
      '    members: [{email: a@b.co, rol: member}]',
    ),
    expected: [
      '2:1: unknown key `organisation` (did you mean `organization`?)',
      '5:5: unknown key `spend_alert` in project "B" (did you mean `spend_alerts`?)',
      '6:5: unknown key `model_permission` in project "B" (did you mean `model_permissions`?)',
      'did you mean `role`?',
    ],
  },
  {
    name: 'bad enum values',
    content: yaml(
      'version: 1',
      'organization:',
      '  data_retention: forever',
      'users:',
      '  - {email: a@b.co, role: admin}',
      'projects:',
      '  A:',
      '    data_retention: sometimes',
      '    model_permissions: {mode: allow_all, model_ids: []}',
      '    members: [{email: c@d.co, role: boss}]',
    ),
    expected: [
      '3:19: data_retention must be one of: ',
      '5:27: role must be one of: owner, reader (got "admin")',
      '8:21: data_retention must be one of: ',
      '9:31: mode must be one of: allow_list, deny_list (got "allow_all")',
      '10:37: role must be one of: owner, member (got "boss")',
    ],
  },
  {
    name: 'negative, zero and non-integer thresholds',
    content: yaml(
      'version: 1',
      'projects:',
      '  A:',
      '    spend_alerts:',
      '      - {threshold_amount: -5, recipients: [a@b.co]}',
      '      - {threshold_amount: 1.5, recipients: [a@b.co]}',
      '      - {threshold_amount: 0, recipients: [a@b.co]}',
      '      - {threshold_amount: 1e400, recipients: [a@b.co]}',
      '    spend_limit: {threshold_amount: 2.25}',
      '    rate_limits: {gpt-4o: {max_requests_per_1_minute: -1}}',
    ),
    expected: [
      '5:28: threshold_amount must be greater than 0 (got -5)',
      '6:28: threshold_amount must be an integer (got 1.5)',
      '7:28: threshold_amount must be greater than 0 (got 0)',
      '8:28: threshold_amount ',
      '9:37: threshold_amount must be an integer (got 2.25)',
      '10:55: max_requests_per_1_minute ',
    ],
  },
  {
    name: 'emails that are not emails',
    content: yaml(
      'version: 1',
      'users:',
      '  - {email: not-an-email, role: owner}',
      'invites:',
      '  - {email: "a@", role: reader}',
      '  - {email: "a@b", role: reader}',
      '  - {email: " c@d.co", role: reader}',
      'projects:',
      '  A:',
      '    members: [{email: "@b.co", role: member}]',
      '    spend_alerts: [{threshold_amount: 1, recipients: ["two@@x.io"]}]',
      'protect: {users: ["<x@y.co>"]}',
    ),
    expected: [
      '3:13: email must be an email address (got "not-an-email")',
      '5:13: email must be an email address (got "a@")',
      '6:13: email must be an email address (got "a@b")',
      '7:13: email must be an email address (got " c@d.co")',
      '10:23: email must be an email address (got "@b.co")',
      '11:55: recipients[0] must be an email address (got "two@@x.io")',
      '12:19: ',
    ],
  },
  {
    name: 'names with control characters',
    content: yaml(
      'version: 1',
      'projects:',
      '  "bad\\u0007name": {}',
      '  "esc\\u001b[31mred": {}',
      '  "new\\nline": {}',
      '  ok:',
      '    service_accounts: [{name: "nul\\u0000x", role: member}]',
      '    rate_limits: {"gpt\\u007f4o": {max_requests_per_1_minute: 1}}',
      '  "..": {}',
      '  "   ": {}',
    ),
    expected: [
      '3:3: project name "bad\\u0007name" contains a control character (U+0007)',
      '4:3: project name ',
      '5:3: project name ',
      '7:31: service account name ',
      '8:19: model name "gpt\\u007f4o" contains a control character (U+007F)',
      '9:3: project name must not be ".."',
      '10:3: project name "   " must not be blank',
    ],
  },
  bigFileWithLateErrors(),
];

/**
 * A file of plain YAML (read by the fast reader, which keeps no positions) with errors near its
 * end: their positions come from parsing it again, and must be exact.
 */
function bigFileWithLateErrors(): HostileCase {
  const lines = ['version: 1', 'projects:'];
  for (let i = 0; i < 2000; i++) lines.push(`  p${i}: { data_retention: zero_data_retention, spend_alerts: [{threshold_amount: ${i + 1}, recipients: [a@b.co]}] }`);
  lines.push('  last:', '    members:', '      - { email: a@b.co, role: admin }', '      - { email: A@b.co, role: member }', 'users: 3');
  const at = (line: string, token: string) => `${lines.indexOf(line) + 1}:${line.indexOf(token) + 1}`;
  return {
    name: 'errors at the end of a big plain file',
    content: yaml(...lines),
    expected: [
      `${at('      - { email: a@b.co, role: admin }', 'admin')}: role must be one of: owner, member (got "admin")`,
      `${at('      - { email: A@b.co, role: member }', 'A@b.co')}: duplicate member A@b.co (first at line ${lines.indexOf('      - { email: a@b.co, role: admin }') + 1})`,
      `${at('users: 3', '3')}: users must be a list (got 3)`,
    ],
  };
}

/** Every `FILE:L:C:` problem line of stderr. */
function positioned(stderr: string, file: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith(`${file}:`));
}

describe.concurrent('hostile files are refused before any request', () => {
  let work: TempDir;
  beforeAll(async () => {
    work = await TempDir.create('hostile');
  });
  afterAll(async () => {
    await work.remove();
  });

  for (const c of CASES) {
    for (const command of [['plan'], ['apply', '--auto-approve']] as const) {
      it(`${c.name}: ${command[0]}`, async ({ expect }) => {
        const emulator = await startEmulator({ seed: SEED });
        try {
          const slug = `${c.name.replace(/\W+/g, '-')}-${command[0]}.yaml`;
          const file = c.path ?? work.path(slug);
          if (c.path === undefined) await (c.write ? c.write(file) : work.write(slug, c.content ?? ''));
          const result = await runCli([command[0], file, ...command.slice(1)], { url: emulator.url, adminKey: KEY });
          expect(result.code).toBe(1);
          expect(result.stderr).not.toContain('internal error');
          const lines = positioned(result.stderr, file);
          expect(lines.length, result.stderr).toBeGreaterThan(0);
          for (const line of lines) expect(line).toMatch(new RegExp(`^${escape(file)}:\\d+:\\d+: \\S`));
          for (const fragment of c.expected) {
            // `L:C: text` must be the problem's position; a bare fragment may be anywhere in a line.
            const at = /^\d+:\d+: /.test(fragment);
            const found = lines.some((l) => (at ? l.startsWith(`${file}:${fragment}`) : l.includes(fragment)));
            expect(found, `${fragment}\n${result.stderr}`).toBe(true);
          }
          // Control characters of the file never reach the terminal raw.
          expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
          expect(result.stderr).toContain('Nothing was changed.');
          expect(emulator.requests()).toEqual([]);
        } finally {
          await emulator.close();
        }
      });
    }
  }

  it('a file with 20 000 problems prints a bounded list of them', async ({ expect }) => {
    const emulator = await startEmulator({ seed: SEED });
    try {
      const projects = Array.from({ length: 20_000 }, (_, i) => `  P${i}: {archived: maybe}`);
      const file = await work.write('many.yaml', yaml('version: 1', 'projects:', ...projects));
      const result = await runCli(['plan', file], { url: emulator.url, adminKey: KEY });
      expect(result.code).toBe(1);
      const lines = positioned(result.stderr, file);
      expect(lines).toHaveLength(MAX_PROBLEMS + 1);
      expect(lines[lines.length - 1]).toMatch(/… and 19800 more problems$/);
      expect(emulator.requests()).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});

// ---- Names are names: a project called `a/b` is not a path ----

const PATHLIKE = ['../x', 'a/b', '%2F', '..%2F..%2Forganization', '?limit=1&after=x#frag', 'a\\b', '/'];

describe('names that look like API paths are only names', () => {
  let emulator: RunningEmulator;
  let work: TempDir;
  const target = (): CliTarget => ({ url: emulator.url, adminKey: KEY });

  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED });
    work = await TempDir.create('pathlike');
  });
  afterAll(async () => {
    await emulator.close();
    await work.remove();
  });

  it('apply creates projects and service accounts with exactly those names, then plans No changes.', async () => {
    const file = await work.write(
      'names.yaml',
      yaml(
        'version: 1',
        'projects:',
        ...PATHLIKE.flatMap((name, i) => [
          `  ${JSON.stringify(name)}:`,
          '    spend_alerts:',
          `      - { threshold_amount: ${100 + i}, recipients: [a@example.com], subject_prefix: ${JSON.stringify(name)} }`,
          '    service_accounts:',
          `      - { name: ${JSON.stringify(`../${name}`)}, role: member }`,
          '    rate_limits:',
          '      gpt-4o: { max_requests_per_1_minute: 42 }',
        ]),
      ),
    );
    const applied = await runCli(['apply', file, '--auto-approve', '--no-color'], target());
    expect(applied.stderr).toBe('');
    expect(applied.code, applied.stdout).toBe(0);

    const state = emulator.getState();
    expect(activeProjects(state).map((p) => p.name).sort()).toEqual(['Research', ...PATHLIKE].sort());
    PATHLIKE.forEach((name, i) => {
      const project = state.projects.find((p) => p.name === name);
      expect(project?.spend_alerts.map((a) => [a.threshold_amount, a.notification_channel.subject_prefix])).toEqual([[100 + i, name]]);
      expect(project?.service_accounts.map((a) => a.name)).toEqual([`../${name}`]);
      expect(project?.rate_limits.find((r) => r.model === 'gpt-4o')?.max_requests_per_1_minute).toBe(42);
    });
    // The untouched project stayed as it was, and every request reached a real route.
    expect(state.projects.find((p) => p.id === 'proj_r')?.spend_alerts).toEqual([]);
    expect(emulator.requests().filter((r) => r.endpoint === null || r.status >= 400)).toEqual([]);

    const plan = await runCli(['plan', file, '--detailed-exitcode', '--no-color'], target());
    expect(plan.stdout, plan.stderr).toContain('No changes.');
    expect(plan.code).toBe(0);
  });

  it('names with invisible and direction-changing characters are refused, and shown escaped, never raw', async () => {
    const bidi = await work.write('bidi.yaml', yaml('version: 1', 'projects:', `  ${JSON.stringify('Research\u202egnp.exe')}: {}`));
    const refused = await runCli(['plan', bidi, '--no-color'], target());
    expect(refused.code).toBe(1);
    expect(refused.stderr).not.toMatch(/[\u202e]/);
    expect(refused.stderr).toContain('contains an invisible formatting character (U+202E)');
    // A line separator is not invisible formatting: allowed in a name, and escaped in the plan.
    const separator = await work.write('sep.yaml', yaml('version: 1', 'projects:', `  ${JSON.stringify('line\u2028break')}: {}`));
    const plan = await runCli(['plan', separator, '--no-color'], target());
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).not.toMatch(/[\u2028]/);
    expect(plan.stdout).toContain('\\u2028');
  });
});

// ---- A saved plan is data from disk too ----

describe('a saved plan edited after it was made', () => {
  // Found here: a saved plan was checked by its live fingerprints and change ids only, so an
  // edited change payload was applied. Now every change is compared in full.
  it('is refused, and nothing is changed', async () => {
    const emulator = await startEmulator({ seed: SEED });
    const work = await TempDir.create('tamper');
    try {
      const target: CliTarget = { url: emulator.url, adminKey: KEY };
      const file = await work.write('org.yaml', yaml('version: 1', 'projects:', '  Research:', '    data_retention: none'));
      const planFile = work.path('plan.json');
      expect((await runCli(['plan', file, '--out', planFile], target)).code).toBe(0);
      const plan = JSON.parse(await readFile(planFile, 'utf8')) as Plan;
      expect(plan.changes.map((c) => c.id)).toEqual(['update project["Research"].data_retention']);
      const [change] = plan.changes;
      if (change) change.after = { retention_type: 'zero_data_retention' };
      await work.write('plan.json', JSON.stringify(plan));
      emulator.resetRequests();

      const applied = await runCli(['apply', planFile, '--auto-approve', '--no-color'], target);
      expect(emulator.getState().projects.find((p) => p.id === 'proj_r')?.data_retention).toBe('organization_default');
      expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
      expect(applied.code).toBe(1);
    } finally {
      await emulator.close();
      await work.remove();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
