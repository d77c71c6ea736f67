import { describe, expect, it } from 'vitest';
import { renderPlanMarkdown } from '../../../src/render/index.js';
import { joinParts, PART_MARKER } from '../../../src/render/markdown-parts.js';
import { change, plan } from './build.js';

/** How the Action reads `plan --format markdown`: the marker counts only on a line of its own. */
function splitOnMarker(text: string): string[] {
  const parts: string[][] = [[]];
  for (const line of text.split('\n')) {
    if (line === PART_MARKER) parts.push([]);
    else parts[parts.length - 1]?.push(line);
  }
  return parts.map((p) => p.join('\n').trim());
}

describe('Markdown part markers', () => {
  it('a name that is the marker does not split a part', () => {
    const hostile = [PART_MARKER, `x\n${PART_MARKER}\ny`, ` ${PART_MARKER} `];
    const changes = Array.from({ length: 40 }, (_, i) => {
      const name = hostile[i % hostile.length] + ` ${i}`.repeat(i % 2);
      return change('create', 'project', `project[${JSON.stringify(name)}]`, null, { name, note: name }, { project: { name } as never });
    });
    const parts = renderPlanMarkdown(plan(changes, { notes: hostile.map((message) => ({ level: 'info' as const, message })) }), { maxChars: 2000 });
    expect(parts.length).toBeGreaterThan(2);
    expect(splitOnMarker(joinParts(parts))).toEqual(parts.map((p) => p.trim()));
  });

  it('refuses to join a part that holds the marker as a line', () => {
    expect(() => joinParts(['a', `b\n${PART_MARKER}\nc`])).toThrow('part marker');
  });
});
