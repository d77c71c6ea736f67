// The list reads of creates' checks (converge.ts), shared while in flight: 200 new projects
// created 16 at a time need not each list every project twice. A check may join a read only if
// that read started late enough for it: a check after a create, only a read started after the
// create was answered (it then sees the create); otherwise it waits for the next read, which the
// checks arriving meanwhile share. A read is never reused once it has finished.

import type { ApplyContext } from '../kinds/kind.js';
import type { AdminClient } from '../providers/openai/client.js';

/** A point in the apply's sequence of reads: a read started at or after it is fresh enough. */
export type Since = number;

export class SharedLists {
  private clock = 0;
  /** Per list: the read under way, and the one queued to start when it ends. */
  private readonly reads = new Map<string, { current?: { started: Since; read: Promise<unknown> }; next?: Promise<unknown> }>();

  /** Now: a check that must see what happened before this moment asks for reads since it. */
  now(): Since {
    return ++this.clock;
  }

  /** The context, with list reads shared with other checks when fresh enough (started at `since` or later). */
  view(ctx: ApplyContext, since: Since): ApplyContext {
    return { ...ctx, client: this.sharing(ctx.client, since) };
  }

  private sharing(client: AdminClient, since: Since): AdminClient {
    return new Proxy(client, {
      get: (target, property) => {
        if (property === 'list') {
          return (...args: Parameters<AdminClient['list']>) =>
            this.read(JSON.stringify([args[0].path, args[1] ?? {}, args[2] ?? {}]), since, () => target.list(...args));
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /**
   * The read under way if it started late enough; else the one queued behind it (it starts later
   * than anything asked so far), so checks arriving while a read is under way share one more.
   */
  private read(key: string, since: Since, start: () => Promise<unknown>): Promise<unknown> {
    const slot = this.reads.get(key) ?? {};
    this.reads.set(key, slot);
    if (slot.current && slot.current.started >= since) return slot.current.read;
    if (slot.next) return slot.next;
    const begin = (): Promise<unknown> => {
      const current = { started: this.now(), read: start() };
      slot.current = current;
      const done = () => {
        if (slot.current === current) delete slot.current;
      };
      current.read.then(done, done);
      return current.read;
    };
    if (!slot.current) return begin();
    const next = slot.current.read.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      delete slot.next;
      return begin();
    });
    slot.next = next;
    return next;
  }
}
