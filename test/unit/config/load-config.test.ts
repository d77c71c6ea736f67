import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, loadConfigText, MAX_CONFIG_BYTES } from '../../../src/config/index.js';
import type { DesiredOrg } from '../../../src/config/model.js';
import { configOf, fixture, problems, problemsOf } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'orgform-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a valid config', () => {
  it('normalizes every key: sorted lists, lower-cased emails, defaults, positions', () => {
    const file = fixture('full.yaml');
    const result = loadConfig(file);
    expect(problemsOf(result)).toEqual([]);
    const pos = (line: number, col: number) => ({ file, line, col });
    const expected: DesiredOrg = {
      file,
      digest: createHash('sha256').update(readFileSync(file)).digest('hex'),
      organization: { data_retention: 'zero_data_retention' },
      users: [
        { email: 'alice@example.com', role: 'owner' },
        { email: 'bob@example.com', role: 'reader' },
      ],
      invites: [
        { email: 'contractor@example.com', role: 'reader', projects: [] },
        {
          email: 'new.hire@example.com',
          role: 'reader',
          projects: [
            { project: 'Research', role: 'member' },
            { project: 'Sandbox', role: 'owner' },
          ],
        },
      ],
      projects: [
        { name: 'Legacy', renamed_from: 'Old Legacy', archived: true, pos: pos(61, 3) },
        {
          name: 'Research',
          renamed_from: 'Old Research',
          archived: false,
          model_permissions: { mode: 'allow_list', model_ids: ['gpt-4.1', 'o3'] },
          data_retention: 'organization_default',
          spend_alerts: [
            { threshold_amount: 50000, recipients: ['billing@example.com'], subject_prefix: '[OpenAI spend]' },
            { threshold_amount: 100000, recipients: ['billing@example.com', 'ops@example.com'], subject_prefix: null },
          ],
          spend_limit: { threshold_amount: 200000 },
          members: [
            { email: 'alice@example.com', role: 'owner' },
            { email: 'bob@example.com', role: 'member' },
          ],
          service_accounts: [
            { name: 'ci-bot', role: 'member' },
            { name: 'deploy', role: 'owner' },
          ],
          rate_limits: {
            'dall-e-3': { max_images_per_1_minute: 5 },
            'gpt-4o': { max_requests_per_1_minute: 500, max_tokens_per_1_minute: 150000 },
          },
          rate_limit_pos: { 'dall-e-3': pos(59, 7), 'gpt-4o': pos(56, 7) },
          pos: pos(30, 3),
        },
        { name: 'Sandbox', archived: false, pos: pos(29, 3) },
        {
          name: 'Scratch/2024',
          archived: false,
          model_permissions: null,
          spend_alerts: [],
          spend_limit: null,
          members: [],
          service_accounts: [],
          pos: pos(64, 3),
        },
      ],
      protect: { projects: ['Gone', 'Research'], users: ['alice@example.com'] },
      // Where each entry is written (the first time), for a plan that finds it names nothing.
      protect_pos: {
        projects: { Research: { file, line: 9, col: 14 }, Gone: { file, line: 9, col: 24 } },
        users: { 'alice@example.com': { file, line: 10, col: 11 } },
      },
      limits: { max_count: 5, max_fraction: 0.5 },
      secrets_dir: resolve(dirname(file), 'secrets'),
    };
    expect(result).toEqual({ config: expected });
  });

  it('leaves absent keys undefined and fills the defaults', () => {
    const config = loadConfig(fixture('minimal.yaml'));
    expect(config).toEqual({
      config: {
        file: fixture('minimal.yaml'),
        digest: createHash('sha256').update('version: 1\n').digest('hex'),
        organization: {},
        projects: [],
        protect: { projects: [], users: [] },
        limits: { max_count: 10, max_fraction: 0.3 },
      },
    });
    expect(Object.keys('config' in config ? config.config : {})).not.toContain('users');
  });

  it('keeps only the rate-limit fields the file sets, and accepts a BOM', () => {
    const config = configOf('\uFEFFversion: 1\nprojects:\n  A:\n    rate_limits:\n      m: {max_requests_per_1_day: 0}\n');
    expect(config.projects[0]?.rate_limits).toEqual({ m: { max_requests_per_1_day: 0 } });
    expect(config.projects[0]?.pos).toEqual({ file: 'c.yaml', line: 3, col: 3 });
  });

  it('says that the API cannot delete a project when the file asks for it', () => {
    const result = loadConfigText('version: 1\nprojects:\n  A:\n    deleted: true\n', 'c.yaml');
    expect('errors' in result && result.errors.map((e) => `${e.line}:${e.col}: ${e.message}`)).toEqual([
      '4:5: unknown key `deleted` in project "A": the API cannot delete a project; archive it with `archived: true` (archiving is final)',
    ]);
  });

  it("accepts the README's config reference example", () => {
    const doc = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const example = blocks.find((b) => b.includes('Sandbox')) ?? '';
    expect(configOf(example).projects.map((p) => p.name)).toEqual(['Legacy', 'Research', 'Sandbox']);
  });

  it('gives the same result for the text and for its bytes', () => {
    const text = readFileSync(fixture('full.yaml'), 'utf8');
    const fromText = loadConfigText(text, 'x.yaml');
    expect(loadConfigText(new TextEncoder().encode(text), 'x.yaml')).toEqual(fromText);
  });
});

describe('reading the file', () => {
  it('reports a missing file at 1:1', () => {
    const file = join(tmp, 'nope.yaml');
    expect(problemsOf(loadConfig(file))).toEqual([`${file}:1:1: cannot read ${file}: no such file`]);
  });

  it('reports a directory at 1:1', () => {
    expect(problemsOf(loadConfig(tmp))).toEqual([`${tmp}:1:1: cannot read ${tmp}: it is a directory`]);
  });

  it('refuses a 50 MB file by its size, before parsing it', () => {
    const file = join(tmp, 'big.yaml');
    writeFileSync(file, Buffer.alloc(50 * 1024 * 1024, 'a'));
    const result = loadConfig(file);
    expect(problemsOf(result)).toEqual([
      `${file}:1:1: the file is 52428800 bytes; a config may be at most 10485760 bytes (10 MiB)`,
    ]);
  });

  it('refuses text over the limit too', () => {
    expect(problems('#'.repeat(MAX_CONFIG_BYTES + 1))).toEqual([
      'c.yaml:1:1: the file is 10485761 bytes; a config may be at most 10485760 bytes (10 MiB)',
    ]);
    // Under the limit in UTF-16 units, over it in bytes.
    expect(problems('é'.repeat(MAX_CONFIG_BYTES / 2 + 1))).toEqual([
      'c.yaml:1:1: the file is 10485762 bytes; a config may be at most 10485760 bytes (10 MiB)',
    ]);
  });

  it('refuses bytes that are not UTF-8, naming the first bad one', () => {
    const bytes = Buffer.concat([Buffer.from('version: 1\nprojects:\n  Ré'), Buffer.from([0xff]), Buffer.from(': {}\n')]);
    expect(problems(bytes)).toEqual(['c.yaml:3:5: the file is not valid UTF-8: byte 0xff at offset 26']);
    expect(problems(Buffer.from([0xc3]))).toEqual(['c.yaml:1:1: the file is not valid UTF-8: byte 0xc3 at offset 0']);
    // An overlong encoding of "/" and a UTF-16 surrogate are not UTF-8 either.
    expect(problems(Buffer.from([0x61, 0xc0, 0xaf]))).toEqual(['c.yaml:1:2: the file is not valid UTF-8: byte 0xc0 at offset 1']);
    expect(problems(Buffer.from([0x0a, 0xed, 0xa0, 0x80]))).toEqual(['c.yaml:2:1: the file is not valid UTF-8: byte 0xed at offset 1']);
  });
});
