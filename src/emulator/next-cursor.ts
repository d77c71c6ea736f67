// The NextCursorPage envelope `{object:'list', data, has_more, next}` used by the groups and
// roles lists. `next` is opaque (not an item id) and comes back as `after`; there is no
// `last_id`, so a client that follows the ConversationCursorPage style stops after page one.
import { SORT_ORDERS } from '../api/enums.js';
import type { NextCursorList } from './access-shapes.js';
import { badRequest } from './http/errors.js';
import type { Query } from './http/query.js';
import { DEFAULT_LIMIT, MAX_LIMIT, type PageRequest } from './pagination.js';

export type NextPageRequest = Omit<PageRequest, 'before'>;

/** Reads `after`, `limit` and `order`: every NextCursorPage list in the SDK has all three. */
export function readNextPageRequest(query: Query): NextPageRequest {
  const request: NextPageRequest = {
    limit: query.int('limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
    order: query.oneOf('order', SORT_ORDERS) ?? 'asc',
  };
  const after = query.string('after');
  if (after !== undefined) request.after = after;
  return request;
}

const PREFIX = 'cur_';

export function encodeCursor(key: string): string {
  return PREFIX + Buffer.from(key, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string | null {
  if (!cursor.startsWith(PREFIX)) return null;
  return Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8');
}

/**
 * One page of `items` (given oldest first), keyed by `keyOf`. A cursor that does not decode, or
 * names an item no longer in the list, is a 400: an empty page would read as the end of the list.
 */
export function paginateNext<T>(items: readonly T[], keyOf: (item: T) => string, request: NextPageRequest): NextCursorList<T> {
  const ordered = request.order === 'desc' ? [...items].reverse() : [...items];
  let start = 0;
  if (request.after !== undefined) {
    const key = decodeCursor(request.after);
    const index = key === null ? -1 : ordered.findIndex((item) => keyOf(item) === key);
    if (index < 0) throw badRequest(`Invalid 'after': '${request.after}' is not a cursor of this list.`, 'after');
    start = index + 1;
  }
  const end = Math.min(ordered.length, start + request.limit);
  const data = ordered.slice(start, end);
  const last = data.at(-1);
  const hasMore = end < ordered.length;
  return {
    object: 'list',
    data,
    has_more: hasMore,
    next: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
