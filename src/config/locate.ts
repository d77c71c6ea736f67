// Paths into the config, and where they are written in the YAML file.
// Schema errors and rule violations name a path; this turns the path back into a line and column.

import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourcePos } from './model.js';
import { keyString } from './to-plain.js';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** `key`: the key that holds the value (a list item has none: its value). `value`: the value. */
export type PathPart = 'key' | 'value';

/** A problem found on the plain data, not yet placed in the file. */
export interface Finding {
  path: Path;
  part: PathPart;
  message: string;
}

export interface LineCol {
  line: number;
  col: number;
}

/** Splits an ajv `instancePath` (a JSON pointer) into path segments. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Where each path of the written config is in the file. */
export interface Positions {
  /**
   * Where `path` is written. The deepest node that exists is used when the path goes further
   * than the file (a missing key).
   */
  locate(path: Path, part?: PathPart): LineCol;
}

/**
 * Positions found only when the first one is asked for, by `find` (which reads the file again,
 * noting where nodes start): a valid file read by the fast reader never pays for them.
 */
export class LazyPositions implements Positions {
  private found: Positions | undefined;

  constructor(private readonly find: () => Positions) {}

  locate(path: Path, part: PathPart = 'value'): LineCol {
    this.found ??= this.find();
    return this.found.locate(path, part);
  }
}

/** A SourcePos whose line and column are looked up when first read (they are then kept). */
export function lazySourcePos(file: string, find: () => LineCol): SourcePos {
  let found: LineCol | undefined;
  return {
    file,
    get line() {
      return (found ??= find()).line;
    },
    get col() {
      return (found ??= find()).col;
    },
  };
}

export class SourceLocator implements Positions {
  private readonly pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  lineCol(offset: number): LineCol {
    return this.lines.linePos(offset);
  }

  /**
   * Where `path` is written. The deepest node that exists is used when the path goes further
   * than the file (a missing key). A value that is a block collection or empty is pointed at by
   * its key, which is where a reader looks.
   */
  locate(path: Path, part: PathPart = 'value'): LineCol {
    let node: unknown = this.doc.contents;
    let key: Node | null = null;
    for (const segment of path) {
      const target = this.deref(node);
      let next: { key: Node | null; value: unknown } | undefined;
      if (isMap(target)) {
        const pair = this.pairs(target).get(String(segment));
        if (pair) next = { key: isNode(pair.key) ? pair.key : null, value: pair.value };
      } else if (isSeq(target)) {
        const index = Number(segment);
        if (Number.isInteger(index) && index >= 0 && index < target.items.length) {
          next = { key: null, value: target.items[index] };
        }
      }
      if (!next) break;
      key = next.key;
      node = next.value;
    }
    return this.lineCol(this.offsetOf(node, key, part));
  }

  private offsetOf(node: unknown, key: Node | null, part: PathPart): number {
    const keyStart = key?.range?.[0];
    if (part === 'key' && keyStart !== undefined) return keyStart;
    const range = isNode(node) ? node.range : undefined;
    const isEmpty = !range || range[0] === range[1] || (isScalar(node) && node.value === null && node.source === '');
    const isBlockCollection = (isMap(node) || isSeq(node)) && !node.flow;
    if ((isEmpty || isBlockCollection) && keyStart !== undefined) return keyStart;
    return range?.[0] ?? 0;
  }

  private deref(node: unknown): unknown {
    // Aliases are followed a bounded number of times: a cycle cannot hang the lookup.
    for (let i = 0; i < 100 && isAlias(node); i++) node = node.resolve(this.doc);
    return node;
  }

  private pairs(map: YAMLMap): Map<string, Pair> {
    let index = this.pairsByKey.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const key = keyString(this.deref(pair.key));
        if (key !== undefined && !index.has(key)) index.set(key, pair);
      }
      this.pairsByKey.set(map, index);
    }
    return index;
  }
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}
