// Where each value of the effective config came from: the layer (`defaults:`, a template, the
// project itself) and its position in the file. `plan --explain` asks this for the values its
// changes set; positions are looked up only when asked.

import type { Path } from './locate.js';
import type { SourcePos } from './model.js';

export type OriginLayer = 'defaults' | 'template' | 'project';

export interface Origin {
  from: OriginLayer;
  /** The template's name, when `from` is `template`. */
  template?: string;
  file: string;
  line: number;
  column: number;
}

export interface Origins {
  /** The effective value at `path` (defaults and templates applied); undefined where nothing is set. */
  valueAt(path: Path): unknown;
  /** Where the value at an effective path of a project (`['projects', NAME, …]`) was written. */
  originOf(path: Path): Origin;
}

/**
 * `effective`: the effective config; `writtenAt`: the path an effective path was written at
 * (templates.ts `sourceOf`); `keyPos`: the position of the key at an effective path.
 */
export function makeOrigins(effective: unknown, writtenAt: (path: Path) => Path, keyPos: (path: Path) => SourcePos): Origins {
  return {
    valueAt: (path) => valueAt(effective, path),
    originOf(path) {
      const written = writtenAt(path);
      const { file, line, col } = keyPos(path);
      const where = { file, line, column: col };
      if (written[0] === 'defaults') return { from: 'defaults', ...where };
      if (written[0] === 'templates') return { from: 'template', template: String(written[1]), ...where };
      return { from: 'project', ...where };
    },
  };
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    if (!Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
