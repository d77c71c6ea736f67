// The fast reader (simple-yaml.ts) against the yaml package: whenever the fast reader gives a value,
// the yaml package (with positions, as load.ts reads a file) gives the same value and reports no
// problem, and every path is at the same line and column in both (simple-locate.ts against
// SourceLocator). Checked on every config in the repository, on generated documents in many
// layouts, and on those documents with small edits (an indentation, a character), which is where
// two readers of YAML part ways.

import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findExcessiveNesting, parseYaml } from '../../../src/config/load.js';
import { SourceLocator, type Path } from '../../../src/config/locate.js';
import { simpleLocator } from '../../../src/config/simple-locate.js';
import { parseSimpleYaml } from '../../../src/config/simple-yaml.js';
import { toPlain } from '../../../src/config/to-plain.js';

/** The yaml package's reading, as the config stage does it, with its positions; undefined when it reports any problem. */
function slowRead(text: string): { value: unknown; positions: SourceLocator } | undefined {
  const parsed = parseYaml(text);
  if ('problem' in parsed || parsed.problems.length > 0 || !parsed.usable) return undefined;
  const plain = toPlain(parsed.doc, () => 0);
  if (plain.problems.length > 0 || plain.fatal) return undefined;
  return { value: plain.value, positions: new SourceLocator(parsed.doc, parsed.lines) };
}

/**
 * The contract: a value from the fast reader is the yaml package's value, the yaml package has no
 * problem with the text, and paths are at the same line and column for both.
 */
function agrees(text: string): boolean {
  const fast = parseSimpleYaml(text);
  if (fast === undefined) return false;
  // The config stage skips the nesting check for what the fast reader takes.
  expect(findExcessiveNesting(text)).toBeUndefined();
  const slow = slowRead(text);
  if (slow === undefined) throw new Error(`the fast reader took a text the yaml package has problems with:\n${text}`);
  expect(fast, text).toStrictEqual(slow.value);
  const simple = simpleLocator(text);
  if (!simple) throw new Error('simpleLocator refused a text parseSimpleYaml took');
  for (const path of pathsOf(fast).slice(0, 150)) {
    for (const part of ['key', 'value'] as const) {
      expect(simple.locate(path, part), `${JSON.stringify(path)} ${part}\n${text}`).toEqual(slow.positions.locate(path, part));
    }
  }
  return true;
}

/** Every path of `value`, and one step past each (a missing key, an index out of range). */
function pathsOf(value: unknown, at: Path = []): Path[] {
  const below =
    Array.isArray(value) ? value.flatMap((v, i) => pathsOf(v, [...at, i]))
    : typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))
    : [];
  return [at, [...at, 'missing'], [...at, 7], ...below];
}

const repoRoot = new URL('../../../', import.meta.url);
const CORPUS = execFileSync('git', ['ls-files', '*.yaml'], { cwd: repoRoot, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .map((path) => ({ path, text: readFileSync(new URL(path, repoRoot), 'utf8') }));

describe('the fast reader on the configs in the repository', () => {
  it('reads each the way the yaml package does', () => {
    const taken = CORPUS.filter((f) => agrees(f.text)).map((f) => f.path);
    expect(CORPUS.length).toBeGreaterThan(5);
    // Every config here is plain YAML: the fast reader takes all of them.
    expect(taken).toEqual(CORPUS.map((f) => f.path));
  });
});

// ---- generated documents ------------------------------------------------------------------------

/** Scalars as written: the tricky spellings of numbers, booleans and nulls, and indicator characters. */
const SCALAR_SOURCES = [
  '1', '0', '-1', '+12', '012', '0o17', '0x1F', '0b101', '1_000', '1.0', '1.10', '-0', '.5', '1e3', '1E-2', '6.8523015e+5',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'NaN', 'inf', 'true', 'True', 'TRUE', 'tRUE', 'false', 'yes', 'no', 'on', 'off',
  '~', 'null', 'Null', 'NULL', 'nULL', '', 'a', 'owner', 'gpt-4o', 'a@b.co', 'http://x.io/a?b=c', 'a:b', 'a: b', 'a:', ':a',
  'a #b', 'a#b', '#a', '-a', '- a', '-', '--', '---', '...', '?a', '? a', ',a', 'a,b', 'a]', '[a', 'a}', '{a', '"a"', "'a'",
  "it's", 'a"b', 'a\\b', '\\', '@a', '`a', '%a', '!a', '!!str a', '&a a', '*a', '|', '>', 'a b', ' a', 'a ', 'Ünï', '日本',
  '<<', '__proto__', 'constructor', '\u00a0a\u00a0', 'a\u200b', '😀', 'x'.repeat(1030),
];

const scalar = fc.constantFrom(...SCALAR_SOURCES);

interface Seq {
  seq: Node[];
}
interface Map {
  map: Array<[string, Node]>;
}
type Node = string | Seq | Map;

const { node: treeArb } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.record({ seq: fc.array(tie('node'), { maxLength: 4 }) }),
    fc.record({ map: fc.array(fc.tuple(scalar, tie('node')), { maxLength: 4 }) }),
  ),
}));

/** How a document is laid out: each choice is drawn in turn from these lists, node by node. */
interface Style {
  indent: number;
  flow: boolean[];
  quote: Array<'plain' | 'single' | 'double'>;
  comments: boolean[];
  sameIndentLists: boolean;
  choices: boolean[];
  /** Where a flow collection's later lines start, relative to the block around it (−1 is too far left). */
  offsets: number[];
  marker: boolean;
}

const styleArb: fc.Arbitrary<Style> = fc.record({
  indent: fc.integer({ min: 1, max: 4 }),
  flow: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
  quote: fc.array(fc.constantFrom('plain' as const, 'plain' as const, 'single' as const, 'double' as const), { minLength: 1, maxLength: 8 }),
  comments: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
  sameIndentLists: fc.boolean(),
  choices: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
  offsets: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 1, maxLength: 8 }),
  marker: fc.boolean(),
});

/** Renders a node as YAML text in the given style (which may well be invalid YAML: that is tested too). */
function render(root: Node, style: Style): string {
  const counters = { flow: 0, quote: 0, comments: 0, choices: 0, offsets: 0 };
  const draw = <K extends keyof typeof counters>(key: K): Style[K][number] => {
    const list = style[key] as Array<Style[K][number]>;
    return list[counters[key]++ % list.length] as Style[K][number];
  };
  const text = (s: string): string => {
    const q = draw('quote');
    return q === 'single' ? `'${s.replace(/'/g, "''")}'` : q === 'double' ? `"${s}"` : s;
  };
  const comment = (): string => (draw('comments') ? ' # note' : '');
  const pad = (k: number): string => ' '.repeat(Math.max(0, k));
  const items = (node: Seq | Map): unknown[] => ('seq' in node ? node.seq : node.map);
  const isBlock = (node: Node): node is Seq | Map => typeof node !== 'string' && items(node).length > 0 && !draw('flow');

  /** A scalar or flow collection; lines after the first start past column `at`. */
  const flow = (node: Node, at: number): string => {
    if (typeof node === 'string') return text(node);
    if (items(node).length === 0) return 'seq' in node ? '[]' : '{}';
    const wrap = draw('choices');
    const inner = at + draw('offsets');
    const sep = wrap ? `,\n${pad(inner)}` : ', ';
    const open = wrap ? `\n${pad(inner)}` : ' ';
    const close = wrap ? `\n${pad(at + draw('offsets'))}` : ' ';
    const body = 'seq' in node ? node.seq.map((v) => flow(v, inner)) : node.map.map(([k, v]) => `${text(k)}: ${flow(v, inner)}`);
    return 'seq' in node ? `[${open}${body.join(sep)}${close}]` : `{${open}${body.join(sep)}${close}}`;
  };

  /** The lines of a block collection whose entries start at column `at`. */
  const block = (node: Seq | Map, at: number): string[] => {
    if ('seq' in node) {
      return node.seq.flatMap((item) => {
        if (!isBlock(item)) return [`${pad(at)}- ${flow(item, at)}${comment()}`];
        const lines = block(item, at + 2);
        // A map starts on the `- ` line (a compact map); a list, or a map when drawn so, on the next.
        if ('map' in item && draw('choices')) return [`${pad(at)}- ${(lines[0] ?? '').trimStart()}`, ...lines.slice(1)];
        return [`${pad(at)}-${comment()}`, ...lines];
      });
    }
    return node.map.flatMap(([k, value]) => {
      const key = `${pad(at)}${text(k)}:`;
      if (isBlock(value)) {
        const childAt = 'seq' in value && style.sameIndentLists ? at : at + style.indent;
        return [`${key}${comment()}`, ...block(value, childAt)];
      }
      // A flow collection may start on the next line, indented (as export writes a long one).
      if (typeof value !== 'string' && draw('choices')) return [key, `${pad(at + style.indent)}${flow(value, at)}`];
      return [`${key} ${flow(value, at)}${comment()}`];
    });
  };

  const body = isBlock(root) ? block(root, 0) : [flow(root, -1)];
  return (style.marker ? '---\n' : '') + body.join('\n') + '\n';
}

/** A small edit: a character inserted or removed, a line's indentation changed, a blank or comment line added. */
const editArb = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'indent', 'dedent', 'blank', 'comment', 'duplicate'),
  at: fc.nat(),
  char: fc.constantFrom(' ', ':', '-', '#', ',', '[', ']', '{', '}', '"', "'", '\n', 'a', '1', '.', '?', '&', '*', '!', '|', '\\'),
});

function edit(text: string, e: { kind: string; at: number; char: string }): string {
  const lines = text.split('\n');
  const line = e.at % Math.max(1, lines.length);
  switch (e.kind) {
    case 'insert': {
      const i = e.at % (text.length + 1);
      return text.slice(0, i) + e.char + text.slice(i);
    }
    case 'delete': {
      const i = e.at % Math.max(1, text.length);
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 'indent':
      lines[line] = ' ' + (lines[line] ?? '');
      return lines.join('\n');
    case 'dedent':
      lines[line] = (lines[line] ?? '').replace(/^ /, '');
      return lines.join('\n');
    case 'blank':
      lines.splice(line, 0, ' '.repeat(e.at % 5));
      return lines.join('\n');
    case 'comment':
      lines.splice(line, 0, `${' '.repeat(e.at % 7)}# c`);
      return lines.join('\n');
    default:
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
  }
}

describe('the fast reader on generated YAML', () => {
  it('gives the yaml package’s value whenever it gives one, in every layout', () => {
    let taken = 0;
    fc.assert(
      fc.property(treeArb, styleArb, (tree, style) => {
        if (agrees(render(tree, style))) taken++;
      }),
      { numRuns: 400 },
    );
    // Not vacuous: a good share of the layouts is plain enough for it.
    expect(taken).toBeGreaterThan(100);
  });

  it('after small edits to generated documents and to the repository’s configs', () => {
    const configs = CORPUS.map((f) => f.text);
    const base = fc.oneof(
      { arbitrary: fc.tuple(treeArb, styleArb).map(([tree, style]) => render(tree, style)), weight: 4 },
      { arbitrary: fc.constantFrom(...configs), weight: 1 },
    );
    let taken = 0;
    fc.assert(
      fc.property(base, fc.array(editArb, { minLength: 1, maxLength: 3 }), (text, edits) => {
        if (agrees(edits.reduce(edit, text))) taken++;
      }),
      { numRuns: 250 },
    );
    expect(taken).toBeGreaterThan(40);
  });

  it('on what the yaml package writes (export writes with it)', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.integer({ min: 20, max: 120 }), (value, lineWidth) => {
        if (agrees(stringify(value, { lineWidth }))) taken++;
      }),
      { numRuns: 200 },
    );
    expect(taken).toBeGreaterThan(60);
  });

  it('on random YAML-looking token soup', () => {
    const token = fc.constantFrom('a: 1\n', 'b:\n', '- ', ': ', '  ', '\n', '{', '}', '[', ']', ', ', '"x"', "'y'", '# c', 'x', '-1', '.5', '~', 'k: v\n', '---\n', '...\n');
    fc.assert(fc.property(fc.array(token, { maxLength: 40 }), (tokens) => void agrees(tokens.join(''))), { numRuns: 500 });
  });
});

describe('what the fast reader leaves to the yaml package', () => {
  it.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['an escape in double quotes', 'a: "x\\ny"\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a forbidden key', '__proto__: 1\n'],
    ['a merge key', 'a: {b: 1}\n<<: {c: 2}\n'],
    ['a tab', 'a:\t1\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['an empty document', '# nothing\n'],
    ['a comment inside a flow collection', 'a: [1, # one\n  2]\n'],
    ['a trailing comma', 'a: [1, 2, ]\n'],
    ['a key over 1024 characters', `${'k'.repeat(1025)}: 1\n`],
    ['a document end marker', 'a: 1\n...\n'],
    ['content after a document end marker', 'a: 1\n... b: 2\n'],
    ['a flow list closed left of its key (yaml allows it; this reader does not)', 'b: [1,\n 2\n]\n'],
  ])('%s', (_name, text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });

  it.each([
    ['a key with spaces before its colon', 'a  : 1\nb: 2\n'],
    ['an empty list item before another', '-\n- x\n-   # c\n'],
    ['a key with only a comment after it', 'a: # none\nb:  # list\n  - 1\n'],
    ['a list at its key\'s indentation', 'k:\n- a\n- b: 1\n  c:\nd: 2\n'],
    ['comments at any indentation', 'a:\n  b: 1\n# c\n      # d\n  c: 2\n'],
    ['a flow map across lines, closed at the key\'s column plus one', 'a:\n  b: { c: 1,\n    d: 2\n   }\n'],
    ['URLs, emails and colons inside plain scalars', 'a: http://x.io/a?b=c\nb: [u@x.io, a:b]\n'],
    ['quotes inside plain scalars, and quoted keys', 'a: it\'s "x"\n"b c": \'d\'\'e\'\n'],
  ])('reads %s as the yaml package does', (_name, text) => {
    expect(agrees(text)).toBe(true);
  });

  it.each([
    ['a comment right after a quoted value', 'a: "x"# c\n'],
    ['a comment right after a flow collection', 'a: [1]# c\n'],
  ])('gives up on %s', (_name, text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });

  it('gives up past the depth to-plain allows, well within the nesting check', () => {
    // value at depth `n` in each way of nesting: maps, lists, compact maps in lists, flow.
    const layouts: Array<(n: number) => string> = [
      (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ` 1\n`,
      (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}-`).join('\n') + ` 1\n`,
      (n) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- k${i}:`).join('\n') + ` 1\n`,
      (n) => `k: ${'['.repeat(n)}1${']'.repeat(n)}\n`,
      (n) => {
        const block = Math.floor(n / 2);
        const keys = Array.from({ length: block }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
        return `${keys} ${'['.repeat(n - block)}1${']'.repeat(n - block)}\n`;
      },
    ];
    for (const layout of layouts) {
      const deepest = [...Array(140).keys()].filter((n) => n > 0 && parseSimpleYaml(layout(n)) !== undefined).at(-1) ?? 0;
      expect(deepest).toBeGreaterThan(30);
      expect(agrees(layout(deepest))).toBe(true);
      expect(parseSimpleYaml(layout(deepest + 1))).toBeUndefined();
    }
  });

  it('reads what configs are made of', () => {
    const text = [
      '---',
      '# a comment',
      'version: 1',
      'projects:',
      '  "Data Platform":',
      '    model_permissions: null # none',
      '    spend_alerts:',
      '    - threshold_amount: 100',
      '      recipients: [ a@x.io, "b@x.io" ]',
      "      subject_prefix: '[it''s]'",
      '    rate_limits:',
      '      o1-pro:',
      '        {',
      '          max_requests_per_1_minute: 10000,',
      '          max_tokens_per_1_minute: 3e7',
      '        }',
      '  Empty:',
      'users: []',
      '',
    ].join('\n');
    expect(parseSimpleYaml(text)).toStrictEqual(slowRead(text)?.value);
    expect(JSON.parse(JSON.stringify(parseSimpleYaml(text)))).toEqual({
      version: 1,
      projects: {
        'Data Platform': {
          model_permissions: null,
          spend_alerts: [{ threshold_amount: 100, recipients: ['a@x.io', 'b@x.io'], subject_prefix: "[it's]" }],
          rate_limits: { 'o1-pro': { max_requests_per_1_minute: 10000, max_tokens_per_1_minute: 30000000 } },
        },
        Empty: null,
      },
      users: [],
    });
  });
});
