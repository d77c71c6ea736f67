// The cursor arithmetic behind every list.
import { expect, test } from 'vitest';
import { paginate } from '../../src/emulator/pagination.js';

const items = Array.from({ length: 5 }, (_, i) => ({ id: `i${i}` }));
const ids = (page: { data: { id: string }[] }) => page.data.map((d) => d.id);

test('after walks forward and has_more is always explicit', () => {
  const first = paginate(items, { limit: 2, order: 'asc' });
  expect(first).toEqual({ object: 'list', data: [{ id: 'i0' }, { id: 'i1' }], first_id: 'i0', last_id: 'i1', has_more: true });
  expect(ids(paginate(items, { limit: 2, order: 'asc', after: 'i1' }))).toEqual(['i2', 'i3']);
  const last = paginate(items, { limit: 2, order: 'asc', after: 'i3' });
  expect(ids(last)).toEqual(['i4']);
  expect(last.has_more).toBe(false);
});

test('desc reverses; before walks backward', () => {
  expect(ids(paginate(items, { limit: 3, order: 'desc' }))).toEqual(['i4', 'i3', 'i2']);
  const before = paginate(items, { limit: 2, order: 'asc', before: 'i3' });
  expect(ids(before)).toEqual(['i1', 'i2']);
  expect(before.has_more).toBe(true);
  expect(paginate(items, { limit: 5, order: 'asc', before: 'i3' }).has_more).toBe(false);
});

test('an unknown cursor is refused', () => {
  expect(() => paginate(items, { limit: 2, order: 'asc', after: 'gone' })).toThrow(/no object with id 'gone'/);
});
