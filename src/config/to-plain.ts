// YAML nodes → plain data, without `toJS`: keys that could reach a prototype are refused, maps
// become prototype-less objects, aliases are expanded within a budget (a "billion laughs" file
// is refused long before it costs memory), and every problem names the node's offset.

import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';

/** Keys that would reach an object's prototype if data ever went through `obj[key] = value`. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The config is six levels deep; anything far deeper is not a config. */
export const MAX_DEPTH = 64;

/** Nodes produced by expanding aliases, in total. A legitimate file uses a handful. */
export const MAX_ALIAS_NODES = 10_000;

export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };

export interface OffsetProblem {
  offset: number;
  message: string;
}

/** The string a scalar key stands for: `1.10:` is the key "1.10", as written. */
export function keyString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.value === null && node.source === '') return undefined; // `: value` with no key
  return typeof node.source === 'string' ? node.source : String(node.value);
}

class AliasBomb extends Error {}

/**
 * `fatal` means the data is unusable (an alias bomb): stop validating. Other problems leave a
 * usable value (the offending key is left out) so that later stages still report their findings.
 */
export function toPlain(
  doc: Document.Parsed,
  lineOf: (offset: number) => number,
): { value: PlainValue; problems: OffsetProblem[]; fatal: boolean } {
  const problems: OffsetProblem[] = [];
  const open = new Set<Node>(); // the collections being converted: an alias to one is a cycle
  let aliasNodes = 0;
  let aliasDepth = 0;
  let outermostAlias: unknown = null;

  const report = (node: unknown, message: string): void => {
    problems.push({ offset: offsetOf(node), message });
  };

  const convert = (node: unknown, depth: number): PlainValue => {
    if (aliasDepth > 0 && ++aliasNodes > MAX_ALIAS_NODES) throw new AliasBomb();
    if (depth > MAX_DEPTH) {
      report(node, `nested more than ${MAX_DEPTH} levels deep`);
      return null;
    }
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target === undefined) return null; // the parser reports the unknown anchor
      if (open.has(target)) {
        report(node, `alias *${node.source} refers to a node that contains it`);
        return null;
      }
      if (aliasDepth++ === 0) outermostAlias = node;
      try {
        return convert(target, depth);
      } finally {
        aliasDepth--;
      }
    }
    if (isScalar(node)) return scalarValue(node, report);
    if (!isSeq(node) && !isMap(node)) return null; // an empty value (`key:` with nothing after it)
    open.add(node);
    try {
      return isSeq(node) ? node.items.map((item) => convert(item, depth + 1)) : convertMap(node, depth);
    } finally {
      open.delete(node);
    }
  };

  const convertMap = (node: YAMLMap, depth: number): PlainValue => {
    const out = Object.create(null) as { [key: string]: PlainValue };
    const firstKeys = new Map<string, unknown>();
    for (const pair of node.items) {
      const keyNode = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      const key = keyString(keyNode);
      if (key === undefined) {
        const what = isSeq(keyNode) ? 'a list' : isMap(keyNode) ? 'a map' : undefined;
        report(pair.key ?? pair.value, what ? `keys must be strings, not ${what}` : 'a key is missing');
        continue;
      }
      if (key === '<<' && !isScalar(pair.value)) {
        report(pair.key, 'merge keys (`<<`) are not supported: write the keys out');
        continue;
      }
      if (FORBIDDEN_KEYS.has(key)) {
        report(pair.key, `the key \`${key}\` is not allowed`);
        continue;
      }
      const first = firstKeys.get(key);
      if (first !== undefined) {
        report(pair.key, `duplicate key \`${key}\` (first at line ${lineOf(offsetOf(first))})`);
        continue;
      }
      firstKeys.set(key, pair.key);
      out[key] = convert(pair.value, depth + 1);
    }
    return out;
  };

  try {
    return { value: convert(doc.contents, 0), problems, fatal: false };
  } catch (err) {
    if (!(err instanceof AliasBomb)) throw err;
    problems.push({
      offset: offsetOf(outermostAlias),
      message: `aliases expand to more than ${MAX_ALIAS_NODES} nodes: refusing what looks like an alias bomb`,
    });
    return { value: null, problems, fatal: true };
  }
}

function scalarValue(node: Scalar, report: (node: unknown, message: string) => void): PlainValue {
  const v: unknown = node.value;
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  report(node, 'unsupported value: use a string, number, boolean or null');
  return null;
}

export function offsetOf(node: unknown): number {
  if (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) return node.range?.[0] ?? 0;
  return 0;
}
