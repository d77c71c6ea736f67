// A create meeting another writer, path by path, on a kind made of plain functions over an
// in-memory list of live copies: apply/converge.ts decides what to create, adopt, keep and remove.

import { describe, expect, it } from 'vitest';
import { applyCreate } from '../../../src/apply/converge.js';
import { ApiError } from '../../../src/errors.js';
import type { CreateIdentity, LiveCopy } from '../../../src/kinds/identity.js';
import type { AdoptedBecause, ApplyContext, KindSpec } from '../../../src/kinds/kind.js';
import type { Change } from '../../../src/plan/types.js';

const change = {
  id: 'create project["Data Platform"]',
  action: 'create',
  kind: 'project',
  address: 'project["Data Platform"]',
  before: null,
  after: { name: 'Data Platform' },
  dependsOn: [],
} as unknown as Change;

// The kind below reads nothing through the client: its finds look at `world.live`.
const ctx = { client: {} } as ApplyContext;

interface World {
  live: LiveCopy[];
  /** What happens when the kind creates: another writer's copy appears first, the answer is lost, … */
  onCreate?: (world: World) => void;
  createError?: ApiError;
  removeError?: Error;
  log: string[];
}

function kind(world: World, duplicates: 'allowed' | 'refused' = 'allowed'): { spec: KindSpec; identity: CreateIdentity } {
  const find = async () => {
    world.log.push('find');
    return world.live.map((c) => ({ ...c }));
  };
  const identity: CreateIdentity =
    duplicates === 'allowed'
      ? {
          duplicates,
          removal: 'archived',
          find,
          remove: async (_c, _x, id) => {
            world.log.push(`remove ${id}`);
            if (world.removeError) throw world.removeError;
            world.live = world.live.filter((c) => c.id !== id);
          },
        }
      : { duplicates, find };
  const spec = {
    kind: 'project',
    scope: 'organization',
    words: { noun: ['project', 'projects'], group: 'project' },
    phase: 1,
    identity,
    apply: async () => {
      world.log.push('create');
      world.onCreate?.(world);
      if (world.createError) throw world.createError;
      world.live.push({ id: 'proj_mine', created_at: 100 });
      return { createdId: 'proj_mine', createdAt: 100, keep: async () => (world.log.push('keep'), 'key stored') };
    },
    completeAdopted: async (_c: Change, _x: ApplyContext, id: string, because: AdoptedBecause) => {
      world.log.push(`complete ${id} ${because}`);
      return undefined;
    },
  } as unknown as KindSpec;
  return { spec, identity };
}

const apiError = (status: number, outcomeUnknown = false) =>
  new ApiError({ status, method: 'POST', path: '/organization/projects', apiMessage: 'nope', requestId: 'req_1', outcomeUnknown });

async function run(world: World, duplicates: 'allowed' | 'refused' = 'allowed') {
  const { spec, identity } = kind(world, duplicates);
  return applyCreate(change, ctx, spec, identity);
}

describe('a create that meets another writer', () => {
  it('alone: creates, checks once before and once after, and keeps its own (its last step runs)', async () => {
    const world: World = { live: [], log: [] };
    const result = await run(world);
    expect(world.log).toEqual(['find', 'create', 'find', 'keep']);
    expect(result).toEqual({ createdId: 'proj_mine', createdAt: 100, message: 'key stored', recheck: expect.any(Function) });
    expect(result.converged).toBeUndefined();
    // Looked at again after the last change: still the one kept.
    expect(await result.recheck?.(ctx)).toBeUndefined();
  });

  it('kept, then removed by a writer whose copy landed in the same second with a smaller id: the recheck says so', async () => {
    const world: World = { live: [], log: [] };
    const result = await run(world);
    // The other writer's create lands after this run's check; it sees both, keeps its own, archives this one.
    world.live = [{ id: 'proj_aaa', created_at: 100 }];
    expect(await result.recheck?.(ctx)).toEqual({ change, made: 'proj_mine', kept: 'proj_aaa', removal: 'archived' });
  });

  it('made since the plan: adopts it and sends no create', async () => {
    const world: World = { live: [{ id: 'proj_other', created_at: 90 }], log: [] };
    const result = await run(world);
    expect(world.log).toEqual(['find', 'complete proj_other another_writer']);
    expect(result.createdId).toBe('proj_other');
    expect(result.message).toBe('another writer made it after the plan was made: adopted proj_other, not created');
    expect(result.converged).toEqual({ kept: 'proj_other', adopted: true, removed: [] });
  });

  it('made at the same time, older: removes its own (its last step never runs) and adopts the other', async () => {
    const world: World = { live: [], log: [], onCreate: (w) => w.live.push({ id: 'proj_other', created_at: 99 }) };
    const result = await run(world);
    expect(world.log).toEqual(['find', 'create', 'find', 'remove proj_mine', 'complete proj_other another_writer']);
    expect(world.live.map((c) => c.id)).toEqual(['proj_other']);
    expect(result.createdId).toBe('proj_other');
    expect(result.converged).toEqual({
      kept: 'proj_other',
      adopted: true,
      removed: [{ id: 'proj_mine', made_by: 'this_apply', removal: 'archived' }],
    });
    expect(result.message).toBe(
      'another writer made the same project at the same time: kept proj_other (oldest, then smallest id), archived proj_mine, which this apply made; adopted proj_other',
    );
  });

  it('made at the same time, younger: keeps its own and removes the other writer\'s', async () => {
    const world: World = { live: [], log: [], onCreate: (w) => w.live.push({ id: 'proj_aaa', created_at: 101 }) };
    const result = await run(world);
    expect(world.log).toEqual(['find', 'create', 'find', 'remove proj_aaa', 'keep']);
    expect(result.createdId).toBe('proj_mine');
    expect(result.converged).toEqual({ kept: 'proj_mine', adopted: false, removed: [{ id: 'proj_aaa', made_by: 'another_writer', removal: 'archived' }] });
    expect(result.message).toMatch(/kept proj_mine \(oldest, then smallest id\), archived proj_aaa; key stored$/);
  });

  it('made in the same second: the smaller id is kept, whoever made it', async () => {
    const world: World = { live: [], log: [], onCreate: (w) => w.live.push({ id: 'proj_aaa', created_at: 100 }) };
    const result = await run(world);
    expect(result.converged?.kept).toBe('proj_aaa');
    expect(world.live.map((c) => c.id)).toEqual(['proj_aaa']);
  });

  it('refused by the API as a duplicate: adopts the one that exists', async () => {
    const world: World = { live: [], log: [], createError: apiError(400), onCreate: (w) => w.live.push({ id: 'user-carol' }) };
    const result = await run(world, 'refused');
    expect(world.log).toEqual(['create', 'find', 'complete user-carol another_writer']);
    expect(result.message).toBe('another writer made it first (the API refused a second one): adopted user-carol, not created');
    expect(result.converged).toEqual({ kept: 'user-carol', adopted: true, removed: [] });
  });

  it('refused, and nothing is there: the refusal stands', async () => {
    const world: World = { live: [], log: [], createError: apiError(400) };
    await expect(run(world, 'refused')).rejects.toThrow('→ 400: nope');
  });

  it('with its answer lost: finds the object the server made, and says so', async () => {
    const world: World = {
      live: [],
      log: [],
      onCreate: (w) => {
        w.live.push({ id: 'proj_lost', created_at: 100 });
        w.createError = apiError(502, true);
      },
    };
    const result = await run(world);
    expect(world.log).toEqual(['find', 'create', 'find', 'complete proj_lost lost_answer']);
    expect(result).toEqual({
      createdId: 'proj_lost',
      message: 'the answer was lost, but the server had made it: adopted, not created twice',
      recheck: expect.any(Function),
    });
  });

  it('a copy that cannot be removed fails the change, saying what is kept and what to remove by hand', async () => {
    const world: World = { live: [], log: [], removeError: new Error('403 no'), onCreate: (w) => w.live.push({ id: 'proj_aaa', created_at: 100 }) };
    await expect(run(world)).rejects.toThrow(
      'another writer made the same project at the same time; proj_aaa is kept (oldest, then smallest id), but proj_mine could not be archived (403 no): archive proj_mine by hand, then run plan',
    );
  });
});
