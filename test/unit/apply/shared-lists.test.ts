// The checks' list reads, shared while in flight (apply/shared-lists.ts): a check joins only a read
// that started after what it must see, or the next one; a finished read is never reused.

import { describe, expect, it } from 'vitest';
import { SharedLists } from '../../../src/apply/shared-lists.js';
import type { ApplyContext } from '../../../src/kinds/kind.js';
import { apiPath } from '../../../src/providers/openai/api-path.js';
import type { AdminClient } from '../../../src/providers/openai/client.js';

/** A client whose list reads stay open until the test ends them; each read answers its own number. */
function openReads() {
  const reads: Array<{ path: string; end: () => void }> = [];
  const client = {
    list: (p: { path: string }) =>
      new Promise((resolve) => {
        const n = reads.length + 1;
        reads.push({ path: p.path, end: () => resolve([{ id: `read ${n}` }]) });
      }),
    get: async () => 'not shared',
  } as unknown as AdminClient;
  return { reads, ctx: { client } as ApplyContext };
}

const PROJECTS = apiPath`/organization/projects`;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedLists', () => {
  it('a check that may take any read joins the one under way', async () => {
    const { reads, ctx } = openReads();
    const lists = new SharedLists();
    const first = lists.view(ctx, lists.now()).client.list(PROJECTS);
    const before = lists.view(ctx, 0).client.list(PROJECTS);
    expect(reads).toHaveLength(1);
    reads[0]?.end();
    expect(await first).toEqual([{ id: 'read 1' }]);
    expect(await before).toEqual([{ id: 'read 1' }]);
  });

  it('checks that must see something later wait for the next read, and share it', async () => {
    const { reads, ctx } = openReads();
    const lists = new SharedLists();
    const first = lists.view(ctx, lists.now()).client.list(PROJECTS);
    // Two creates answered while the first read is under way: it may not show them.
    const a = lists.view(ctx, lists.now()).client.list(PROJECTS);
    const b = lists.view(ctx, lists.now()).client.list(PROJECTS);
    expect(reads).toHaveLength(1);
    reads[0]?.end();
    await first;
    await tick();
    expect(reads).toHaveLength(2);
    reads[1]?.end();
    expect(await a).toEqual([{ id: 'read 2' }]);
    expect(await b).toEqual([{ id: 'read 2' }]);
  });

  it('never reuses a finished read, keeps lists apart, and leaves other requests alone', async () => {
    const { reads, ctx } = openReads();
    const lists = new SharedLists();
    const first = lists.view(ctx, 0).client.list(PROJECTS);
    reads[0]?.end();
    await first;
    const again = lists.view(ctx, 0).client.list(PROJECTS);
    const other = lists.view(ctx, 0).client.list(apiPath`/organization/groups`);
    expect(reads.map((r) => r.path)).toEqual(['/organization/projects', '/organization/projects', '/organization/groups']);
    reads[1]?.end();
    reads[2]?.end();
    expect(await again).toEqual([{ id: 'read 2' }]);
    expect(await other).toEqual([{ id: 'read 3' }]);
    expect(await lists.view(ctx, 0).client.get(PROJECTS)).toBe('not shared');
  });
});
