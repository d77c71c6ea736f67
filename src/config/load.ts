// Bytes → YAML document: size limit, strict UTF-8, YAML parse errors with their positions.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { LineCounter, parseDocument, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import type { LineCol } from './locate.js';

/** A config is a few kilobytes; anything over this is refused before it is parsed. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/** A problem found before there is a document to point into. */
export interface EarlyProblem extends LineCol {
  message: string;
}

export function tooLarge(size: number): EarlyProblem {
  return {
    line: 1,
    col: 1,
    message: `the file is ${size} bytes; a config may be at most ${MAX_CONFIG_BYTES} bytes (10 MiB)`,
  };
}

/**
 * Reads at most MAX_CONFIG_BYTES + 1 bytes, so a huge file or an endless device is refused fast.
 * Messages name the file as `shown` (as the user wrote it).
 */
export function readConfigBytes(path: string, shown = path): { bytes: Uint8Array } | { problem: EarlyProblem } {
  const file = shown;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { problem: cannotRead(file, 'it is a directory') };
    if (stat.isFile() && stat.size > MAX_CONFIG_BYTES) return { problem: tooLarge(stat.size) };
    // A regular file is read in one go; a pipe or a device in chunks, up to the limit.
    const chunkSize = stat.isFile() ? stat.size + 1 : 64 * 1024;
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkSize, MAX_CONFIG_BYTES + 1 - length));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > MAX_CONFIG_BYTES) return { problem: tooLarge(length) };
    }
    return { bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length) };
  } catch (err) {
    return { problem: cannotRead(file, describeIoError(err)) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function cannotRead(file: string, reason: string): EarlyProblem {
  return { line: 1, col: 1, message: `cannot read ${file}: ${reason}` };
}

function describeIoError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** Strict UTF-8 (a leading BOM is dropped). The error names the first bad byte. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { problem: EarlyProblem } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const col = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
    const byte = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
    return {
      problem: { line, col, message: `the file is not valid UTF-8: byte 0x${byte} at offset ${offset}` },
    };
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

export interface ParsedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
  problems: Array<{ offset: number; message: string }>;
  /** False when the YAML itself is broken: the document is a guess, do not validate it. */
  usable: boolean;
}

/** Parser codes after which the document is still what the author wrote. */
const HARMLESS_CODES: ReadonlySet<string> = new Set([
  // to-plain reports duplicates itself, with the line of the first occurrence.
  'DUPLICATE_KEY',
]);

/**
 * An upper bound on how deeply the YAML nests, checked before parsing. The parser recurses once
 * per level, and running out of stack inside V8's regexp compiler kills the process (it cannot be
 * caught), so deep input is refused here. The bound counts open flow brackets, block indentation
 * levels and leading `- `/`? ` indicators; it overestimates only for absurd files.
 */
export const MAX_NESTING_ESTIMATE = 100;

export function findExcessiveNesting(text: string): LineCol | undefined {
  const indents: number[] = [];
  let flow = 0;
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const lineStart = i;
    while (text.charCodeAt(i) === 0x20) i++;
    const indent = i - lineStart;
    while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop();
    indents.push(indent);
    let leading = 0;
    for (let c = text[i]; c === '-' || c === '?' || c === ' ' || c === '\t'; c = text[i]) {
      const isIndicator = (c === '-' || c === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t');
      if (c === '-' || c === '?') {
        if (!isIndicator) break;
        leading++;
      }
      i++;
    }
    let maxFlow = flow;
    for (; i < text.length && text.charCodeAt(i) !== 0x0a; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5b || c === 0x7b) maxFlow = Math.max(maxFlow, ++flow);
      else if ((c === 0x5d || c === 0x7d) && flow > 0) flow--;
    }
    if (indents.length + leading + maxFlow > MAX_NESTING_ESTIMATE) return { line, col: 1 };
    i++;
    line++;
  }
  return undefined;
}

/**
 * The yaml package's options, for every reading of a config: the document with positions here,
 * and the scalars of the fast reader (simple-yaml.ts), so both give the same values. YAML 1.2,
 * core schema, no merge keys, no custom tags.
 */
export const YAML_OPTIONS = {
  version: '1.2',
  uniqueKeys: false, // its check is quadratic in the keys of a map: to-plain finds duplicates with a Map
  prettyErrors: false, // positions come from the LineCounter; messages stay one line
  strict: true,
} as const satisfies ParseOptions & DocumentOptions & SchemaOptions;

export function parseYaml(text: string): ParsedYaml | { problem: EarlyProblem } {
  const deep = findExcessiveNesting(text);
  if (deep) return { problem: { ...deep, message: `the YAML nests more than ${MAX_NESTING_ESTIMATE} levels deep` } };
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: lines });
  } catch (err) {
    // The parser recurses on nesting: thousands of `[` exhaust the stack.
    const reason = err instanceof RangeError ? 'it is nested too deeply' : String(err);
    return { problem: { line: 1, col: 1, message: `cannot parse the YAML: ${reason}` } };
  }
  const problems: ParsedYaml['problems'] = [];
  let usable = true;
  for (const e of doc.errors) {
    if (HARMLESS_CODES.has(e.code)) continue;
    usable = false;
    problems.push({ offset: e.pos[0], message: `YAML syntax error: ${e.message}` });
  }
  for (const w of doc.warnings) problems.push({ offset: w.pos[0], message: `YAML: ${w.message}` });
  return { doc, lines, problems, usable };
}
