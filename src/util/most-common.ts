import { compareText } from './compare.js';

/**
 * The value that occurs most often, values compared as JSON; a tie goes to the JSON first in
 * code-unit order, so the answer does not depend on the order values come in.
 */
export function mostCommon<T>(values: Iterable<T>): { value: T; json: string; count: number } | undefined {
  const counts = new Map<string, { value: T; json: string; count: number }>();
  for (const value of values) {
    const json = JSON.stringify(value);
    const seen = counts.get(json);
    if (seen) seen.count++;
    else counts.set(json, { value, json, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || compareText(a.json, b.json))[0];
}
