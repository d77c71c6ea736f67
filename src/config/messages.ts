// Words for problem messages: what a path is called, what a value looks like, "did you mean".

import type { Path } from './locate.js';

/** `project "Research"`, `recipients[1]`, `the config`: how a message names the thing at `path`. */
export function describePath(path: Path): string {
  const [first, second, third, fourth] = path;
  if (path.length === 0) return 'the config';
  if (first === 'projects' && path.length === 2) return `project ${quote(String(second))}`;
  if (first === 'projects' && third === 'rate_limits' && path.length === 4) {
    return `rate_limits of model ${quote(String(fourth))}`;
  }
  let end = path.length;
  while (end > 0 && typeof path[end - 1] === 'number') end--;
  const name = end > 0 ? String(path[end - 1]) : 'the config';
  const indexes = path
    .slice(end)
    .map((i) => `[${i}]`)
    .join('');
  return name + indexes;
}

/** A short rendering of a value for "(got …)". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return quote(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** Double-quoted with JSON escapes, so control characters (C0, DEL, C1) and blanks are visible. */
export function quote(s: string): string {
  // Control and invisible formatting characters are shown escaped, so a message shows what is there.
  return JSON.stringify(s).replace(/[\u007f-\u009f\p{Cf}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The closest candidate within a small edit distance, compared case-insensitively. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const budget = w.length <= 3 ? 1 : w.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const candidate of candidates) {
    const d = editDistance(w, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean \`${match}\`?)`;
}

/** Optimal string alignment distance (Levenshtein plus swaps), giving up past `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      }
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin >= limit) return limit;
    [prevPrev, prev] = [prev, row];
  }
  return prev[b.length] ?? 0;
}
