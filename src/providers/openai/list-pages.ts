// Lists fail closed: a page that cannot be trusted stops the whole read, because a list read
// short would plan the missing items as removals. Two cursor styles, as the SDK has them:
// ConversationCursorPage (`after` = `last_id`, or the last item's id) and NextCursorPage
// (`after` = the opaque `next`: groups, roles, role assignments).

import { UnexpectedAnswerError } from '../../errors.js';
import { shorten } from './wire.js';

export type CursorStyle = 'last_id' | 'next';

interface ListEnvelope<T> {
  data: T[];
  has_more: boolean;
  last_id: string | null;
  next: string | null;
}

/** Follows one list across its pages: checks each page and says where the next one starts. */
export class PageChain<T> {
  readonly items: T[] = [];
  private readonly ids = new Set<string>();
  private readonly cursors = new Set<string>();
  private pages = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly endpoint: string,
    private readonly limit: number,
    private readonly style: CursorStyle = 'last_id',
  ) {}

  /** Takes a page; returns the cursor of the next page, or null when the list is complete. */
  take(body: unknown): string | null {
    this.pages++;
    const page = this.envelope(body);
    for (const item of page.data) {
      const id = (item as { id?: unknown }).id;
      if (typeof id !== 'string') continue;
      if (this.ids.has(id)) this.fail(`page ${this.pages} repeats the id ${JSON.stringify(id)}`);
      this.ids.add(id);
    }
    this.items.push(...page.data);
    if (!page.has_more) return null;
    const cursor = this.cursorOf(page);
    if (!cursor) this.fail(`page ${this.pages} says has_more but gives no cursor (${this.style === 'next' ? 'no next' : 'no last_id, no item id'})`);
    if (this.cursors.has(cursor)) this.fail(`page ${this.pages} leads back to the cursor ${JSON.stringify(cursor)} (a loop)`);
    this.cursors.add(cursor);
    return cursor;
  }

  private cursorOf(page: ListEnvelope<T>): string {
    if (this.style === 'next') return page.next ?? '';
    // The SDK follows `last_id`; the last item's id is the same cursor where `last_id` is missing.
    const lastItemId = (page.data.at(-1) as { id?: unknown } | undefined)?.id;
    return page.last_id || (typeof lastItemId === 'string' ? lastItemId : '');
  }

  private envelope(body: unknown): ListEnvelope<T> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      this.fail(`page ${this.pages} is not a list object (got ${shorten(JSON.stringify(body) ?? String(body))})`);
    }
    const page = body as { data?: unknown; has_more?: unknown; last_id?: unknown; next?: unknown };
    if (!Array.isArray(page.data)) {
      this.fail(`page ${this.pages} has no \`data\` array (got ${shorten(JSON.stringify(body))})`);
    }
    if (page.data.some((item) => typeof item !== 'object' || item === null)) {
      this.fail(`page ${this.pages} has an item that is not an object`);
    }
    if (page.has_more !== undefined && typeof page.has_more !== 'boolean') {
      this.fail(`page ${this.pages} has a has_more that is not true or false`);
    }
    // Without has_more, a short page is the last (as the SDK reads it); a full one could be either.
    if (page.has_more === undefined && page.data.length >= this.limit) {
      this.fail(`page ${this.pages} is full but does not say whether more follow (no has_more)`);
    }
    const lastId = typeof page.last_id === 'string' ? page.last_id : null;
    const next = typeof page.next === 'string' && page.next ? page.next : null;
    return { data: page.data as T[], has_more: page.has_more === true, last_id: lastId, next };
  }

  private fail(detail: string): never {
    throw new UnexpectedAnswerError(this.baseUrl, this.endpoint, `${detail}; the read stops here and nothing is planned from it`);
  }
}
