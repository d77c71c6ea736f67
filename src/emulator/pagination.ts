// The list envelope of ConversationCursorPage: `{object:'list', data, first_id, last_id, has_more}`.
// The SDK follows `last_id` while `has_more` is true, so `has_more` is always sent explicitly.
import { SORT_ORDERS, type SortOrder } from '../api/enums.js';
import { badRequest } from './http/errors.js';
import type { Query } from './http/query.js';

export interface ListPage<T> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export interface PageRequest {
  after?: string;
  before?: string;
  limit: number;
  order: SortOrder;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** Reads `after`, `limit`, and `before` / `order` where the endpoint has them. */
export function readPageRequest(
  query: Query,
  supports: { before?: boolean; order?: boolean } = {},
  defaultOrder: SortOrder = 'asc',
): PageRequest {
  const request: PageRequest = {
    limit: query.int('limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
    order: (supports.order ? query.oneOf('order', SORT_ORDERS) : undefined) ?? defaultOrder,
  };
  const after = query.string('after');
  const before = supports.before ? query.string('before') : undefined;
  if (after !== undefined && before !== undefined) {
    throw badRequest("Only one of 'after' and 'before' may be given.", 'before');
  }
  if (after !== undefined) request.after = after;
  if (before !== undefined) request.before = before;
  return request;
}

/**
 * One page of `items` (given oldest first). An `after`/`before` cursor that names no item is a
 * 400: silently answering an empty page would let a client believe it had seen everything.
 */
export function paginate<T extends { id: string }>(items: readonly T[], request: PageRequest): ListPage<T> {
  const ordered = request.order === 'desc' ? [...items].reverse() : [...items];
  let start = 0;
  let end: number;
  if (request.after !== undefined) start = cursorIndex(ordered, request.after, 'after') + 1;
  if (request.before !== undefined) {
    end = cursorIndex(ordered, request.before, 'before');
    start = Math.max(0, end - request.limit);
  } else {
    end = Math.min(ordered.length, start + request.limit);
  }
  const data = ordered.slice(start, end);
  const hasMore = request.before !== undefined ? start > 0 : end < ordered.length;
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: hasMore,
  };
}

function cursorIndex<T extends { id: string }>(items: T[], cursor: string, param: string): number {
  const index = items.findIndex((item) => item.id === cursor);
  if (index < 0) throw badRequest(`Invalid '${param}': no object with id '${cursor}' in this list.`, param);
  return index;
}
