// The NextCursorPage arithmetic: an opaque `next`, no `last_id`, and a bad cursor refused.
import { expect, test } from 'vitest';
import { encodeCursor, paginateNext } from '../../src/emulator/next-cursor.js';

const items = Array.from({ length: 5 }, (_, i) => ({ key: `k${i}` }));
const keyOf = (item: { key: string }) => item.key;
const keys = (page: { data: { key: string }[] }) => page.data.map(keyOf);

test('next is an opaque cursor, not an item key, and null on the last page', () => {
  const first = paginateNext(items, keyOf, { limit: 2, order: 'asc' });
  expect(Object.keys(first).sort()).toEqual(['data', 'has_more', 'next', 'object']);
  expect(keys(first)).toEqual(['k0', 'k1']);
  expect(first.has_more).toBe(true);
  expect(first.next).not.toBe('k1');
  const second = paginateNext(items, keyOf, { limit: 2, order: 'asc', after: first.next ?? '' });
  expect(keys(second)).toEqual(['k2', 'k3']);
  const last = paginateNext(items, keyOf, { limit: 2, order: 'asc', after: second.next ?? '' });
  expect(keys(last)).toEqual(['k4']);
  expect(last).toMatchObject({ has_more: false, next: null });
});

test('desc walks from the newest', () => {
  const first = paginateNext(items, keyOf, { limit: 3, order: 'desc' });
  expect(keys(first)).toEqual(['k4', 'k3', 'k2']);
  expect(keys(paginateNext(items, keyOf, { limit: 3, order: 'desc', after: first.next ?? '' }))).toEqual(['k1', 'k0']);
});

test('a raw item key, garbage, or the cursor of a vanished item is a 400', () => {
  expect(() => paginateNext(items, keyOf, { limit: 2, order: 'asc', after: 'k1' })).toThrow(/not a cursor of this list/);
  expect(() => paginateNext(items, keyOf, { limit: 2, order: 'asc', after: 'cur_!!' })).toThrow(/not a cursor/);
  expect(() => paginateNext(items, keyOf, { limit: 2, order: 'asc', after: encodeCursor('gone') })).toThrow(/not a cursor/);
});

test('an empty list is one empty page', () => {
  expect(paginateNext([], keyOf, { limit: 2, order: 'asc' })).toEqual({ object: 'list', data: [], has_more: false, next: null });
});
