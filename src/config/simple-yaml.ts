// A fast reader for the plain YAML that configs are written in: block maps and lists, one-line
// scalars, flow lists and maps (`[a, b]`, `{k: v}`, across lines too). It gives values, in one
// pass over the text and without the `yaml` package's token stream and node tree (for a 4.7 MB
// config those cost seconds and hundreds of megabytes); where each node starts only when asked.
//
// It is not a second YAML semantics. It reads plain scalars with the yaml package's own schema,
// built from the same options (YAML_OPTIONS), and whatever it is not sure of (anchors, aliases,
// tags, block scalars, multi-line plain or quoted scalars, escapes, explicit keys, duplicate or
// forbidden keys, tabs, CR, control characters, directives, a second document, …) makes it give
// up: the caller then reads the file with the yaml package (load.ts), as it always did. Where it
// gives a value, the yaml package gives the same one and reports no problem: the property tests in
// test/unit/config/simple-yaml.test.ts hold it to that. Positions, when a message needs one, come
// from reading the text again noting where each node starts (readSimpleYamlSpots; simple-locate.ts
// turns paths into lines and columns as the yaml package's positions would).

import { Document, isScalar, type ScalarTag } from 'yaml';
import { YAML_OPTIONS } from './load.js';
import { FORBIDDEN_KEYS, MAX_DEPTH, type PlainValue } from './to-plain.js';

/** Thrown (one instance, no stack) when the text is outside what this reader is sure of. */
const GIVE_UP = Symbol('outside the simple subset');

/** yaml reports an implicit key longer than this. */
const MAX_IMPLICIT_KEY = 1024;

/** Characters after which the yaml package would not read what follows as a plain scalar, or that it reads differently. */
const UNSAFE_TEXT = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

const NL = 0x0a;
const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const SQUOTE = 0x27;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

const isFlowIndicator = (c: number): boolean => c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;

/** A plain scalar may not start with these (or yaml reads them as something else). */
const isIndicator = (c: number): boolean => '!&*#|>\'"%@`?:,[]{}-'.includes(String.fromCharCode(c));

/** `-` starts a plain scalar only when this follows (a negative number, `-foo`). */
const isWordish = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e;

type PlainMap = { [key: string]: PlainValue };

/** Adds an entry; a repeated, forbidden or merge key is left to the yaml package (and to-plain's messages). */
function setEntry(map: PlainMap, key: string, value: PlainValue): void {
  if (Object.hasOwn(map, key) || FORBIDDEN_KEYS.has(key) || key === '<<') throw GIVE_UP;
  map[key] = value;
}

/**
 * The finished map without a prototype, like to-plain's `Object.create(null)` maps. Built as `{}`
 * first (no `__proto__` key can reach it): V8 keeps it a small fast object, where a map created
 * prototype-less lives in a hash table (2-3 times the memory and time for a 4 MB config).
 */
function withoutPrototype(map: PlainMap): PlainMap {
  return Object.setPrototypeOf(map, null) as PlainMap;
}

/**
 * The text as plain data (maps are prototype-less objects, like to-plain's), or undefined when
 * the text is outside the subset this reader is sure of: then read it with the yaml package.
 */
export function parseSimpleYaml(text: string): PlainValue | undefined {
  return read(text)?.value;
}

/** Where a node starts (its first character, as the yaml package's node range), and what it is. */
export interface Spot {
  start: number;
  /** SPOT_EMPTY: nothing written (`key:` alone); SPOT_BLOCK: a block map or list. */
  flags: number;
}

export const SPOT_EMPTY = 1;
export const SPOT_BLOCK = 2;

/** The children of one map or list: their spots, and for a map where each key starts. */
export interface ContainerSpots {
  /** A map's keys, to their index in the arrays below. */
  keys: Map<string, number> | undefined;
  keyStarts: number[];
  starts: number[];
  flags: number[];
}

export interface SpottedDocument {
  value: PlainValue;
  root: Spot;
  /** Each map and list of `value`, to its children's spots. */
  spots: WeakMap<object, ContainerSpots>;
}

/** parseSimpleYaml, with where every node starts (simple-locate.ts turns paths into positions with it). */
export function readSimpleYamlSpots(text: string): SpottedDocument | undefined {
  return read(text, new WeakMap());
}

function read(text: string, spots?: WeakMap<object, ContainerSpots>): SpottedDocument | undefined {
  if (UNSAFE_TEXT.test(text)) return undefined;
  try {
    const reader = new SimpleReader(text, spots);
    const value = reader.document();
    return { value, root: reader.spot(), spots: spots ?? new WeakMap() };
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

interface Resolver {
  tags: ScalarTag[];
  options: typeof YAML_OPTIONS;
}

let resolver: Resolver | undefined;

/** The scalar tags the yaml package tries on a plain scalar, in its order, from the same options. */
function scalarResolver(): Resolver {
  if (resolver) return resolver;
  const { schema } = new Document(null, YAML_OPTIONS);
  // A compat schema warns about scalars read differently by two schemas: not done here.
  if (schema.compat) throw new Error('simple-yaml: a compat schema is not supported');
  const tags = schema.tags.filter((t): t is ScalarTag => !('collection' in t && t.collection) && t.default === true && t.test !== undefined);
  return (resolver = { tags, options: YAML_OPTIONS });
}

class SimpleReader {
  private pos = 0;
  private readonly len: number;
  private readonly plain = new Map<string, PlainValue>();
  private readonly resolver = scalarResolver();
  /** Where the value just read starts, and its SPOT_ flags: each reading function sets them last. */
  private valueStart = 0;
  private valueFlags = 0;

  /** `spots`: record where each node starts (only when positions are asked for). */
  constructor(
    private readonly src: string,
    private readonly spots?: WeakMap<object, ContainerSpots>,
  ) {
    this.len = src.length;
  }

  /** The spot of the value just read. */
  spot(): Spot {
    return { start: this.valueStart, flags: this.valueFlags };
  }

  private done<T extends PlainValue>(value: T, start: number, flags: number): T {
    this.valueStart = start;
    this.valueFlags = flags;
    return value;
  }

  private newSpots(map: boolean): ContainerSpots | undefined {
    return this.spots && { keys: map ? new Map() : undefined, keyStarts: [], starts: [], flags: [] };
  }

  /** Notes the value just read as the next child of `spots` (its key at `keyStart`, for a map). */
  private noteChild(spots: ContainerSpots, key: string | undefined, keyStart: number): void {
    if (key !== undefined) spots.keys?.set(key, spots.starts.length);
    spots.keyStarts.push(keyStart);
    spots.starts.push(this.valueStart);
    spots.flags.push(this.valueFlags);
  }

  private finish<T extends PlainMap | PlainValue[]>(value: T, spots: ContainerSpots | undefined, start: number, flags: number): T {
    if (spots) this.spots?.set(value, spots);
    return this.done(value, start, flags);
  }

  private code(i: number): number {
    return i < this.len ? this.src.charCodeAt(i) : -1;
  }

  document(): PlainValue {
    let p = this.skipBlankLines(0);
    if (this.isMarker(p, '---')) {
      this.pos = p + 3;
      this.finishLine();
      p = this.pos;
    }
    if (p >= this.len) throw GIVE_UP; // an empty document
    const indent = this.indentAt(p);
    this.pos = p + indent;
    const value = this.blockNode(indent, 0, -1);
    if (this.pos < this.len) throw GIVE_UP; // less indented than the root, or a document marker
    return value;
  }

  // ---- lines -------------------------------------------------------------------------------------

  /** From a line start: past lines that are blank or only a comment. Returns a line start (or len). */
  private skipBlankLines(p: number): number {
    for (;;) {
      let i = p;
      while (this.code(i) === SPACE) i++;
      if (i >= this.len) return this.len;
      const c = this.code(i);
      if (c === NL) p = i + 1;
      else if (c === HASH) {
        const nl = this.src.indexOf('\n', i);
        if (nl < 0) return this.len;
        p = nl + 1;
      } else return p;
    }
  }

  private indentAt(lineStart: number): number {
    let i = lineStart;
    while (this.code(i) === SPACE) i++;
    return i - lineStart;
  }

  /** `---` or `...` at the start of the line at `p`, ending there: a document marker. */
  private isMarker(p: number, marker: '---' | '...'): boolean {
    if (!this.src.startsWith(marker, p)) return false;
    const after = this.code(p + 3);
    return after === -1 || after === SPACE || after === NL;
  }

  /** The rest of the line holds only spaces and a comment; then to the next content line's start. */
  private finishLine(): void {
    while (this.code(this.pos) === SPACE) this.pos++;
    const c = this.code(this.pos);
    if (c === HASH) {
      if (this.code(this.pos - 1) !== SPACE) throw GIVE_UP; // `"x"#y`: yaml wants a space before a comment
      const nl = this.src.indexOf('\n', this.pos);
      this.pos = nl < 0 ? this.len : nl;
    } else if (c !== NL && c !== -1) throw GIVE_UP;
    this.pos = this.pos >= this.len ? this.len : this.skipBlankLines(this.pos + 1);
  }

  // ---- block collections -------------------------------------------------------------------------

  /** A node whose first line's content starts at `pos`, column `indent`. */
  private blockNode(indent: number, depth: number, parentIndent: number): PlainValue {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const c = this.code(this.pos);
    if (c === DASH && this.isSeqIndicator(this.pos)) return this.blockSeq(indent, depth);
    if (c === LBRACKET || c === LBRACE) {
      const value = this.flowCollection(depth, parentIndent);
      this.finishLine();
      return value;
    }
    return this.blockMap(indent, depth);
  }

  private isSeqIndicator(i: number): boolean {
    const next = this.code(i + 1);
    return next === SPACE || next === NL || next === -1;
  }

  /** The map whose first key starts at `pos` (maybe mid-line, in a list item), column `indent`. */
  private blockMap(indent: number, depth: number): PlainValue {
    const out: PlainMap = {};
    const start = this.pos;
    const spots = this.newSpots(true);
    for (;;) {
      const keyStart = this.pos;
      const key = this.blockKey();
      setEntry(out, key, this.mapValue(indent, depth + 1));
      if (spots) this.noteChild(spots, key, keyStart);
      if (this.pos >= this.len) break;
      const next = this.indentAt(this.pos);
      if (next < indent) break;
      if (next > indent) throw GIVE_UP;
      this.pos += next;
    }
    return this.finish(withoutPrototype(out), spots, start, SPOT_BLOCK);
  }

  /** A key and its `:`, leaving `pos` after the colon. */
  private blockKey(): string {
    const start = this.pos;
    if (start === 0 || this.code(start - 1) === NL) {
      if (this.isMarker(start, '---') || this.isMarker(start, '...')) throw GIVE_UP;
    }
    const c = this.code(start);
    let key: string;
    if (c === DQUOTE || c === SQUOTE) {
      key = this.quoted();
    } else {
      this.checkPlainStart(c, this.code(start + 1));
      let i = start;
      let end = start;
      for (;;) {
        const ch = this.code(i);
        if (ch === NL || ch === -1) throw GIVE_UP; // a scalar alone on a line: not a map entry
        if (ch === COLON) {
          const next = this.code(i + 1);
          if (next === SPACE || next === NL || next === -1) break;
          end = i + 1;
        } else if (ch === SPACE) {
          if (this.code(i + 1) === HASH) throw GIVE_UP;
        } else end = i + 1;
        i++;
      }
      key = this.src.slice(start, end);
      this.pos = i;
      if (key === '') throw GIVE_UP;
    }
    if (this.pos - start > MAX_IMPLICIT_KEY) throw GIVE_UP;
    if (this.code(this.pos) !== COLON) throw GIVE_UP;
    const after = this.code(this.pos + 1);
    if (after !== SPACE && after !== NL && after !== -1) throw GIVE_UP;
    this.pos++;
    return key;
  }

  /** The value after `key:` (pos after the colon) of a map at `indent`. */
  private mapValue(indent: number, depth: number): PlainValue {
    const below = this.valueBelow(indent, depth, true);
    return below !== undefined ? below : this.inlineValue(this.code(this.pos), depth, indent);
  }

  /**
   * Past the spaces after `key:` or `-`: when nothing but a comment follows on the line, the value
   * on the next lines (or an empty one); else undefined, `pos` at the value on this line.
   */
  private valueBelow(indent: number, depth: number, sameIndentList: boolean): PlainValue | undefined {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    while (this.code(this.pos) === SPACE) this.pos++;
    const c = this.code(this.pos);
    if (c !== NL && c !== -1 && c !== HASH) return undefined;
    const emptyAt = this.pos;
    this.finishLine();
    return this.nestedValue(indent, depth, sameIndentList, emptyAt);
  }

  /**
   * What follows on the next lines, after `key:` or `-` with nothing else on the line; else an
   * empty value, at `emptyAt` (where the yaml package places it: past the spaces after the indicator).
   */
  private nestedValue(indent: number, depth: number, sameIndentList: boolean, emptyAt: number): PlainValue {
    if (this.pos >= this.len) return this.done(null, emptyAt, SPOT_EMPTY);
    const next = this.indentAt(this.pos);
    const c = this.code(this.pos + next);
    if (next > indent) {
      this.pos += next;
      return this.blockNode(next, depth, indent);
    }
    // `key:` followed by `- item` lines at the key's own indentation.
    if (sameIndentList && next === indent && c === DASH && this.isSeqIndicator(this.pos + next)) {
      this.pos += next;
      return this.blockSeq(next, depth);
    }
    return this.done(null, emptyAt, SPOT_EMPTY);
  }

  /** A value that starts on the current line at `pos` (first character `c`). */
  private inlineValue(c: number, depth: number, blockIndent: number): PlainValue {
    const start = this.pos;
    let value: PlainValue;
    if (c === LBRACKET || c === LBRACE) value = this.flowCollection(depth, blockIndent);
    else value = this.done(c === DQUOTE || c === SQUOTE ? this.quoted() : this.resolvePlain(this.plainSource(c, false)), start, 0);
    this.finishLine();
    return value;
  }

  /**
   * A one-line plain scalar from `pos` (first character `c`), where the yaml package's lexer ends
   * it: at a line end, a comment, a `: `, and in a flow collection a `,[]{}`. Its source; `pos` is
   * left at what stopped it.
   */
  private plainSource(c: number, inFlow: boolean): string {
    this.checkPlainStart(c, this.code(this.pos + 1));
    const start = this.pos;
    let i = start;
    let end = start;
    for (;;) {
      const ch = this.code(i);
      if (ch === NL || ch === -1 || (inFlow && isFlowIndicator(ch))) break;
      if (ch === SPACE) {
        if (this.code(i + 1) === HASH) {
          if (inFlow) throw GIVE_UP; // a comment inside a flow collection
          break;
        }
      } else if (ch === COLON) {
        const next = this.code(i + 1);
        if (next === SPACE || next === NL || next === -1 || (inFlow && isFlowIndicator(next))) {
          if (!inFlow) throw GIVE_UP; // `a: b: c`
          break;
        }
        end = i + 1;
      } else end = i + 1;
      i++;
    }
    this.pos = i;
    return this.src.slice(start, end);
  }

  private checkPlainStart(c: number, next: number): void {
    if (c === DASH ? !isWordish(next) : isIndicator(c)) throw GIVE_UP;
  }

  /** The list whose first `-` is at `pos`, column `indent`. */
  private blockSeq(indent: number, depth: number): PlainValue[] {
    const out: PlainValue[] = [];
    const start = this.pos;
    const spots = this.newSpots(false);
    for (;;) {
      this.pos++; // the `-`
      out.push(this.seqItem(indent, depth + 1));
      if (spots) this.noteChild(spots, undefined, -1);
      if (this.pos >= this.len) break;
      const next = this.indentAt(this.pos);
      if (next < indent) break;
      if (next > indent) throw GIVE_UP;
      const at = this.pos + next;
      if (this.code(at) !== DASH || !this.isSeqIndicator(at)) break; // the parent map's next key
      this.pos = at;
    }
    return this.finish(out, spots, start, SPOT_BLOCK);
  }

  /** One list item: `pos` is just after its `-`. */
  private seqItem(indent: number, depth: number): PlainValue {
    const below = this.valueBelow(indent, depth, false);
    if (below !== undefined) return below;
    const c = this.code(this.pos);
    if (c === DASH && this.isSeqIndicator(this.pos)) throw GIVE_UP; // `- - x`
    const column = this.pos - (this.src.lastIndexOf('\n', this.pos - 1) + 1);
    if (this.startsMapEntry(c)) return this.blockMap(column, depth);
    return this.inlineValue(c, depth, indent);
  }

  /** Whether the line from `pos` is `key: …` (a map inside a list item). */
  private startsMapEntry(c: number): boolean {
    if (c === LBRACKET || c === LBRACE) return false;
    if (c === DQUOTE || c === SQUOTE) {
      const save = this.pos;
      this.quoted();
      const colon = this.code(this.pos) === COLON;
      this.pos = save;
      return colon;
    }
    for (let i = this.pos; ; i++) {
      const ch = this.code(i);
      if (ch === NL || ch === -1) return false;
      if (ch === COLON) {
        const next = this.code(i + 1);
        if (next === SPACE || next === NL || next === -1) return true;
      } else if (ch === SPACE && this.code(i + 1) === HASH) return false;
    }
  }

  // ---- scalars -----------------------------------------------------------------------------------

  /** A one-line quoted scalar without escapes; `pos` ends after the closing quote. */
  private quoted(): string {
    const quote = this.code(this.pos);
    let out = '';
    let from = this.pos + 1;
    for (let i = from; ; i++) {
      const ch = this.code(i);
      if (ch === NL || ch === -1 || (quote === DQUOTE && ch === BACKSLASH)) throw GIVE_UP;
      if (ch !== quote) continue;
      if (quote === SQUOTE && this.code(i + 1) === SQUOTE) {
        out += this.src.slice(from, i + 1);
        from = i + 2;
        i++;
        continue;
      }
      out += this.src.slice(from, i);
      this.pos = i + 1;
      return out;
    }
  }

  /** A plain scalar's value, as the yaml package's schema reads it. */
  private resolvePlain(source: string): PlainValue {
    const known = this.plain.get(source);
    if (known !== undefined || this.plain.has(source)) return known as PlainValue;
    const tag = this.resolver.tags.find((t) => t.test?.test(source));
    let value: unknown = source;
    if (tag) {
      const resolved: unknown = tag.resolve(
        source,
        () => {
          throw GIVE_UP;
        },
        this.resolver.options,
      );
      value = isScalar(resolved) ? resolved.value : resolved;
    }
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw GIVE_UP;
    this.plain.set(source, value);
    return value;
  }

  // ---- flow collections --------------------------------------------------------------------------

  /** `[…]` or `{…}` from `pos`; its lines past the first must be indented more than `blockIndent`. */
  private flowCollection(depth: number, blockIndent: number): PlainValue {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const start = this.pos;
    const isSeq = this.code(this.pos) === LBRACKET;
    const close = isSeq ? RBRACKET : RBRACE;
    this.pos++;
    this.flowSpace(blockIndent);
    const seq: PlainValue[] = [];
    const map: PlainMap = {};
    const spots = this.newSpots(!isSeq);
    const done = (): PlainValue => (isSeq ? this.finish(seq, spots, start, 0) : this.finish(withoutPrototype(map), spots, start, 0));
    if (this.code(this.pos) === close) {
      this.pos++;
      return done();
    }
    for (;;) {
      if (isSeq) {
        seq.push(this.flowItem(depth + 1, blockIndent));
        if (spots) this.noteChild(spots, undefined, -1);
      } else {
        const keyStart = this.pos;
        const key = this.flowKey();
        this.flowSpace(blockIndent);
        setEntry(map, key, this.flowItem(depth + 1, blockIndent));
        if (spots) this.noteChild(spots, key, keyStart);
      }
      this.flowSpace(blockIndent);
      const c = this.code(this.pos);
      this.pos++;
      if (c === close) return done();
      if (c !== COMMA) throw GIVE_UP;
      this.flowSpace(blockIndent);
      if (this.code(this.pos) === close) throw GIVE_UP; // a trailing comma
    }
  }

  /** Spaces and line breaks inside a flow collection; no comments, and each line indented enough. */
  private flowSpace(blockIndent: number): void {
    for (;;) {
      const c = this.code(this.pos);
      if (c === SPACE) this.pos++;
      else if (c === NL) {
        const lineStart = this.pos + 1;
        const indent = this.indentAt(lineStart);
        const first = this.code(lineStart + indent);
        this.pos = lineStart + indent;
        if (first === NL) continue;
        if (first === -1 || first === HASH || indent <= blockIndent) throw GIVE_UP;
        if (indent === 0 && (this.isMarker(lineStart, '---') || this.isMarker(lineStart, '...'))) throw GIVE_UP;
      } else if (c === HASH) throw GIVE_UP;
      else return;
    }
  }

  /** A value inside a flow collection. */
  private flowItem(depth: number, blockIndent: number): PlainValue {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const start = this.pos;
    const c = this.code(this.pos);
    if (c === LBRACKET || c === LBRACE) return this.flowCollection(depth, blockIndent);
    if (c === DQUOTE || c === SQUOTE) {
      const value = this.quoted();
      if (this.code(this.pos) === COLON) throw GIVE_UP; // `["a": 1]`: a map in a list
      return this.done(value, start, 0);
    }
    const source = this.plainSource(c, true);
    if (this.code(this.pos) === COLON) throw GIVE_UP;
    return this.done(this.resolvePlain(source), start, 0);
  }

  /** A key inside `{…}` and its `: `, leaving `pos` after the colon. */
  private flowKey(): string {
    const start = this.pos;
    const c = this.code(start);
    const key = c === DQUOTE || c === SQUOTE ? this.quoted() : this.plainSource(c, true);
    if (this.pos - start > MAX_IMPLICIT_KEY || key === '' && c !== DQUOTE && c !== SQUOTE) throw GIVE_UP;
    if (this.code(this.pos) !== COLON || this.code(this.pos + 1) !== SPACE) throw GIVE_UP;
    this.pos += 2;
    return key;
  }


}
