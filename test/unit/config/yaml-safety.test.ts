import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../src/config/index.js';
import { configOf, problems, TOP_KEYS, yaml } from './helpers.js';

describe('YAML problems', () => {
  it('reports a syntax error at its position and stops there', () => {
    expect(problems(yaml('version: 1', 'projects:', '  A: {archived: true', 'users: 3'))).toEqual([
      'c.yaml:4:1: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
    expect(problems(yaml('version: 1', 'projects:', '\tA: {}'))).toEqual([
      'c.yaml:3:1: YAML syntax error: Tabs are not allowed as indentation',
    ]);
    expect(problems(yaml('version: 1', '---', 'version: 1'))).toEqual([
      'c.yaml:2:1: YAML syntax error: Source contains multiple documents; please use YAML.parseAllDocuments()',
    ]);
  });

  it('reports each duplicate key with the line of the first, and keeps checking', () => {
    expect(
      problems(yaml('version: 1', 'projects:', '  A: {}', '  "A": {}', '  1: {}', "  '1': {}", 'version: 2', 'users: 3')),
    ).toEqual([
      'c.yaml:4:3: duplicate key `A` (first at line 3)',
      "c.yaml:6:3: duplicate key `1` (first at line 5)",
      'c.yaml:7:1: duplicate key `version` (first at line 1)',
      'c.yaml:8:8: users must be a list (got 3)',
    ]);
  });

  it('reports unknown tags, keys that are not strings, missing keys and merge keys', () => {
    expect(problems(yaml('version: !foo 1', '? [a]', ': 1', ': 2', 'x: &x {role: owner}', 'users:', '  - <<: *x', '    email: a@b.co', '    role: owner'))).toEqual([
      'c.yaml:1:10: YAML: Unresolved tag: !foo',
      'c.yaml:1:15: version must be 1 (got "1")',
      'c.yaml:2:3: keys must be strings, not a list',
      'c.yaml:4:1: a key is missing',
      `c.yaml:5:1: unknown key \`x\`; allowed keys: ${TOP_KEYS}`,
      'c.yaml:7:5: merge keys (`<<`) are not supported: write the keys out',
    ]);
  });

  it('refuses an alias bomb at the alias that explodes, without expanding it', () => {
    const laughs = ['version: 1', 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const prev = String.fromCharCode('a'.charCodeAt(0) + i);
      laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const start = performance.now();
    expect(problems(yaml(...laughs))).toEqual([
      'c.yaml:6:8: aliases expand to more than 10000 nodes: refusing what looks like an alias bomb',
    ]);
    // Not a speed test: expanding the 43 million nodes would take minutes and gigabytes, so a
    // generous bound only tells "stopped at the limit" from "expanded first" on a busy machine.
    expect(performance.now() - start).toBeLessThan(15_000);
  });

  it('refuses an alias to a node that contains it', () => {
    expect(problems(yaml('version: 1', 'projects: &p {A: {rate_limits: *p}}'))).toEqual([
      'c.yaml:2:32: alias *p refers to a node that contains it',
    ]);
  });

  it('expands ordinary aliases', () => {
    const config = configOf(
      yaml(
        'version: 1',
        'projects:',
        '  A:',
        '    spend_alerts:',
        '      - {threshold_amount: 1, recipients: &billing [b@x.io, a@x.io]}',
        '      - {threshold_amount: 2, recipients: *billing}',
      ),
    );
    expect(config.projects[0]?.spend_alerts?.map((a) => a.recipients)).toEqual([
      ['a@x.io', 'b@x.io'],
      ['a@x.io', 'b@x.io'],
    ]);
  });

  it('refuses deep nesting before the parser can overflow the stack', () => {
    const n = 200_000;
    expect(problems('['.repeat(n) + ']'.repeat(n))).toEqual(['c.yaml:1:1: the YAML nests more than 100 levels deep']);
    expect(problems(yaml('version: 1', 'x:', `  ${'- '.repeat(n)}a`))).toEqual(['c.yaml:3:1: the YAML nests more than 100 levels deep']);
    const stairs = Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k:`);
    expect(problems(yaml('version: 1', ...stairs))).toEqual(['c.yaml:102:1: the YAML nests more than 100 levels deep']);
    expect(problems(yaml('version: 1', `x: ${'['.repeat(80)}${']'.repeat(80)}`))).toEqual([
      `c.yaml:2:1: unknown key \`x\`; allowed keys: ${TOP_KEYS}`,
      'c.yaml:2:68: nested more than 64 levels deep',
    ]);
  });
});

describe('prototype safety', () => {
  it('refuses __proto__, constructor and prototype keys anywhere', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          '__proto__: {polluted: true}',
          'projects:',
          '  constructor: {}',
          '  A:',
          '    rate_limits:',
          '      prototype: {max_tokens_per_1_minute: 1}',
          '  B:',
          '    "__proto__": {isAdmin: true}',
        ),
      ),
    ).toEqual([
      'c.yaml:2:1: the key `__proto__` is not allowed',
      'c.yaml:4:3: the key `constructor` is not allowed',
      'c.yaml:7:7: the key `prototype` is not allowed',
      'c.yaml:9:5: the key `__proto__` is not allowed',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('does not pollute Object.prototype through names that merely look like keys of it', () => {
    const config = configOf(
      yaml('version: 1', 'projects:', '  toString: {rate_limits: {hasOwnProperty: {max_tokens_per_1_minute: 1}}}', '  valueOf:'),
    );
    expect(config.projects.map((p) => p.name)).toEqual(['toString', 'valueOf']);
    expect(config.projects[0]?.rate_limits).toEqual({ hasOwnProperty: { max_tokens_per_1_minute: 1 } });
    expect(Object.getPrototypeOf(config.projects[0]?.rate_limits)).toBe(Object.prototype);
    expect(typeof ({} as { toString: unknown }).toString).toBe('function');
  });

  it('never returns data through a prototype chain', () => {
    const result = loadConfigText(yaml('version: 1', 'organization: {}'), 'c.yaml');
    expect('config' in result && result.config.organization).toEqual({});
  });
});
