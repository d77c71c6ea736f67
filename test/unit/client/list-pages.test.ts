import { describe, expect, it } from 'vitest';
import { UnexpectedAnswerError } from '../../../src/errors.js';
import { PageChain } from '../../../src/providers/openai/list-pages.js';

const chain = () => new PageChain<{ id: string }>('http://api.test/v1', 'GET /organization/users', 2);
const page = (ids: string[], more: boolean, last_id: string | null = ids.at(-1) ?? null) => ({
  object: 'list',
  data: ids.map((id) => ({ id })),
  has_more: more,
  last_id,
});

describe('PageChain', () => {
  it('follows last_id, then the last item id where last_id is missing, to the last page', () => {
    const c = chain();
    expect(c.take(page(['a', 'b'], true))).toBe('b');
    expect(c.take(page(['c', 'd'], true, null))).toBe('d');
    expect(c.take(page(['e'], false))).toBeNull();
    expect(c.items.map((i) => i.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('reads a short page without has_more as the last, as the SDK does', () => {
    expect(chain().take({ data: [{ id: 'a' }] })).toBeNull();
  });

  it.each([
    ['a page without data', { object: 'list', has_more: false }, /page 1 has no `data` array/],
    ['a page that is not an object', 'hello', /page 1 is not a list object/],
    ['has_more without any cursor', page([], true, null), /says has_more but gives no cursor/],
    ['a full page without has_more', { data: [{ id: 'a' }, { id: 'b' }] }, /does not say whether more follow/],
    ['a has_more that is not a boolean', { data: [], has_more: 'yes' }, /not true or false/],
    ['a repeated id', page(['a', 'a'], false), /repeats the id "a"/],
    ['an item that is not an object', { data: ['a'], has_more: false }, /not an object/],
  ])('stops at %s, naming the endpoint', (_name, body, detail) => {
    const error = (() => {
      try {
        chain().take(body);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UnexpectedAnswerError);
    expect((error as Error).message).toMatch(detail);
    expect((error as Error).message).toContain('the server at http://api.test/v1 did not answer like the OpenAI Admin API: GET /organization/users');
  });

  it('stops at an id repeated across pages, and at a cursor loop', () => {
    const repeated = chain();
    repeated.take(page(['a', 'b'], true));
    expect(() => repeated.take(page(['b', 'c'], false))).toThrow(/page 2 repeats the id "b"/);
    const loop = chain();
    loop.take(page(['a', 'b'], true));
    expect(() => loop.take(page([], true, 'b'))).toThrow(/page 2 leads back to the cursor "b"/);
  });
});
