// Positions for a file the fast reader took, without the yaml package's document: the fast reader
// reads the text again, noting where each node and key starts (about a tenth of the time and
// memory of the yaml package's parse with positions), and paths are looked up in that.
// The answers are SourceLocator's (locate.ts) for the same text: the same deepest-node rule and
// the same key-or-value choice; test/unit/config/simple-yaml.test.ts compares the two on every
// path of generated documents.

import { LineCounter } from 'yaml';
import type { LineCol, Path, PathPart, Positions } from './locate.js';
import { readSimpleYamlSpots, SPOT_BLOCK, SPOT_EMPTY, type SpottedDocument, type Spot } from './simple-yaml.js';
import type { PlainValue } from './to-plain.js';

/** Positions in `text`, or undefined when the fast reader does not take it. */
export function simpleLocator(text: string): Positions | undefined {
  const read = readSimpleYamlSpots(text);
  return read && new SimpleLocator(read, lineCounter(text));
}

class SimpleLocator implements Positions {
  constructor(
    private readonly read: SpottedDocument,
    private readonly lines: LineCounter,
  ) {}

  locate(path: Path, part: PathPart = 'value'): LineCol {
    let node: PlainValue = this.read.value;
    let spot: Spot = this.read.root;
    let keyStart: number | undefined;
    for (const segment of path) {
      const spots = typeof node === 'object' && node !== null ? this.read.spots.get(node) : undefined;
      if (!spots || node === null || typeof node !== 'object') break;
      let i: number | undefined;
      if (Array.isArray(node)) {
        const index = Number(segment);
        if (Number.isInteger(index) && index >= 0 && index < node.length) i = index;
      } else i = spots.keys?.get(String(segment));
      if (i === undefined) break;
      keyStart = Array.isArray(node) ? undefined : spots.keyStarts[i];
      node = Array.isArray(node) ? (node[i] ?? null) : (node[String(segment)] ?? null);
      spot = { start: spots.starts[i] ?? 0, flags: spots.flags[i] ?? 0 };
    }
    return this.lines.linePos(offsetOf(spot, keyStart, part));
  }
}

/** SourceLocator's choice: a key when asked for, or for an empty value or a block collection; else the value. */
function offsetOf(spot: Spot, keyStart: number | undefined, part: PathPart): number {
  if (keyStart === undefined) return spot.start;
  if (part === 'key' || (spot.flags & (SPOT_EMPTY | SPOT_BLOCK)) !== 0) return keyStart;
  return spot.start;
}

function lineCounter(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lines.addNewLine(nl + 1);
  return lines;
}
