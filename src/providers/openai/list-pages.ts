// Lists fail closed: a page that cannot be trusted stops the whole read, because a list read
// short would plan the missing items as removals. Two cursor styles, as the SDK has them:
// ConversationCursorPage (`after` = `last_id`, or the last item's id) and NextCursorPage
// (`after` = the opaque `next`).

import { UnexpectedAnswerError } from '../../errors.js';

export type CursorStyle = 'last_id' | 'next';

/** Follows one list across its pages: checks each page and says where the next one starts. */
export class PageChain<T> {
  readonly items: T[] = [];
  private readonly ids = new Set<string>();
  private readonly cursors = new Set<string>();
  private pages = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly endpoint: string,
    private readonly style: CursorStyle,
  ) {}

  /** Takes a page; returns the cursor of the next page, or null when the list is complete. */
  take(body: unknown): string | null {
    this.pages++;
    const page = (typeof body === 'object' && body !== null ? body : {}) as {
      data?: unknown;
      has_more?: unknown;
      last_id?: unknown;
      next?: unknown;
    };
    if (!Array.isArray(page.data)) this.fail(`page ${this.pages} has no \`data\` array`);
    const data = page.data as T[];
    for (const item of data) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') continue;
      if (this.ids.has(id)) this.fail(`page ${this.pages} repeats the id ${JSON.stringify(id)}`);
      this.ids.add(id);
    }
    this.items.push(...data);
    if (page.has_more !== true) return null;
    const cursor = this.cursorOf(page, data);
    if (!cursor) this.fail(`page ${this.pages} says has_more but gives no cursor (${this.style === 'next' ? 'no next' : 'no last_id, no item id'})`);
    if (this.cursors.has(cursor)) this.fail(`page ${this.pages} leads back to the cursor ${JSON.stringify(cursor)} (a loop)`);
    this.cursors.add(cursor);
    return cursor;
  }

  private cursorOf(page: { last_id?: unknown; next?: unknown }, data: T[]): string {
    if (this.style === 'next') return typeof page.next === 'string' ? page.next : '';
    const lastItemId = (data.at(-1) as { id?: unknown } | undefined)?.id;
    if (typeof page.last_id === 'string' && page.last_id) return page.last_id;
    return typeof lastItemId === 'string' ? lastItemId : '';
  }

  private fail(detail: string): never {
    throw new UnexpectedAnswerError(this.baseUrl, this.endpoint, `${detail}; the read stops here and nothing is planned from it`);
  }
}
