// A file the fast reader takes has no positions until a message needs one; then the fast reader
// reads it again, noting where nodes start (simple-locate.ts). The positions must be the ones the
// yaml-only path gives: checked by reading each file twice, as written (fast reader, lazy
// positions) and with a tab in a trailing comment (which the fast reader refuses, so the yaml
// package reads it, with positions up front).

import { describe, expect, it } from 'vitest';
import { loadConfigText, loadEffectiveText, type LoadConfigResult } from '../../../src/config/index.js';
import { parseSimpleYaml } from '../../../src/config/simple-yaml.js';
import { problemsOf } from './helpers.js';

/** A config of `n` projects shaped like `orgform export` writes them (members, alerts, flow rate limits). */
function bigConfig(n: number, project: (i: number) => string[] = () => []): string {
  const lines = ['# a big org', 'version: 1', 'users:'];
  for (let u = 0; u < 50; u++) lines.push(`  - email: u${u}@example.com`, `    role: ${u === 0 ? 'owner' : 'reader'}`);
  lines.push('projects:');
  for (let i = 0; i < n; i++) {
    lines.push(
      `  project-${String(i).padStart(4, '0')}:`,
      '    data_retention: zero_data_retention # the default',
      '    spend_alerts:',
      '      - threshold_amount: 100',
      `        recipients: [ u${i % 50}@example.com ]`,
      '    members:',
      ...Array.from({ length: 5 }, (_, k) => [`      - email: u${(i + k) % 50}@example.com`, `        role: ${k === 0 ? 'owner' : 'member'}`]).flat(),
      '    rate_limits:',
      '      gpt-4o: { max_requests_per_1_minute: 10000, max_tokens_per_1_minute: 30000000 }',
      '      o1-pro:',
      '        {',
      '          max_requests_per_1_minute: 10000,',
      '          max_tokens_per_1_minute: 30000000',
      '        }',
      ...project(i),
    );
  }
  return lines.join('\n') + '\n';
}

/** The same data, which the fast reader refuses: the yaml package reads it, positions up front. */
const yamlOnly = (text: string): string => `${text}# tab:\t\n`;

function bothWays(text: string): { lazy: LoadConfigResult; eager: LoadConfigResult } {
  expect(parseSimpleYaml(text)).toBeDefined();
  expect(parseSimpleYaml(yamlOnly(text))).toBeUndefined();
  return { lazy: loadConfigText(text, 'big.yaml'), eager: loadConfigText(yamlOnly(text), 'big.yaml') };
}

describe('positions for a file the fast reader took', () => {
  it('an error near the end of a big file is at its line and column, with every other problem', () => {
    const n = 100;
    const text = bigConfig(n, (i) =>
      i === n - 1
        ? ['    spend_limit: { threshold_amount: lots }', '    service_accounts:', '      - { name: bot, role: boss }', '      - { name: bot, role: member }']
        : [],
    );
    const lines = text.split('\n');
    /** `line:col` of `token` on the line that reads `whole`. */
    const where = (whole: string, token: string): string => `${lines.indexOf(whole) + 1}:${whole.indexOf(token) + 1}`;
    const { lazy, eager } = bothWays(text);
    const limit = '    spend_limit: { threshold_amount: lots }';
    const boss = '      - { name: bot, role: boss }';
    expect(lines.indexOf(limit)).toBeGreaterThan(2000);
    expect(problemsOf(lazy)).toEqual([
      `big.yaml:${where(limit, 'lots')}: threshold_amount must be an integer (got "lots")`,
      `big.yaml:${where(boss, 'boss')}: role must be one of: owner, member (got "boss")`,
      `big.yaml:${where('      - { name: bot, role: member }', 'bot')}: duplicate service account "bot" (first at line ${lines.indexOf(boss) + 1})`,
    ]);
    expect(problemsOf(lazy)).toEqual(problemsOf(eager));
  });

  it('a valid big file gives the same config, positions included, as the yaml-only path', () => {
    const text = bigConfig(50);
    const { lazy, eager } = bothWays(text);
    if (!('config' in lazy) || !('config' in eager)) throw new Error(`not valid: ${problemsOf(lazy).concat(problemsOf(eager)).join('\n')}`);
    // JSON reads every position (each is looked up when read); the digests differ with the bytes.
    const plain = (r: typeof lazy.config) => JSON.parse(JSON.stringify({ ...r, digest: undefined })) as unknown;
    expect(plain(lazy.config)).toEqual(plain(eager.config));
    const line = text.split('\n').lastIndexOf('      o1-pro:') + 1;
    expect(lazy.config.projects[49]?.rate_limit_pos?.['o1-pro']).toEqual({ file: 'big.yaml', line, col: 7 });
  });

  it('origins map an effective path to where its value was written, templates included', () => {
    const text = [
      'version: 1',
      'defaults:',
      '  data_retention: zero_data_retention',
      'templates:',
      '  locked:',
      '    model_permissions: { mode: allow_list, model_ids: [o3] }',
      'projects:',
      '  A:',
      '    extends: [locked]',
      '',
    ].join('\n');
    expect(parseSimpleYaml(text)).toBeDefined();
    const result = loadEffectiveText(text, 'org.yaml');
    if (!('config' in result)) throw new Error(problemsOf(result).join('\n'));
    const at = (path: Array<string | number>) => {
      const { from, line, column } = result.origins.originOf(path);
      return `${from} ${line}:${column}`;
    };
    expect(at(['projects', 'A', 'data_retention'])).toBe('defaults 3:3');
    expect(at(['projects', 'A', 'model_permissions'])).toBe('template 6:5');
    expect(at(['projects', 'A', 'model_permissions', 'mode'])).toBe(`template 6:${(text.split('\n')[5] ?? '').indexOf('mode:') + 1}`);
    expect(result.config.projects[0]?.pos).toEqual({ file: 'org.yaml', line: 8, col: 3 });
  });
});
