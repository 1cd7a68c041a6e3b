import { encodeAttributes } from './attributes.js';
import type { PipelineContext } from './context.js';
import { batchEntries } from './dispatch.js';
import type { Attributes } from './entries.js';
import type { EntryBody, EntryContext } from './entryBuilder.js';
import type { FlushController } from './flushController.js';
import { admit, overflowReason } from './intake.js';
import type { QueuedEntry } from './queue.js';

type Deferred = typeof import('./deferred.js');

/**
 * How a log call's entry reaches the queue, in the order of the calls: built and queued at once, or
 * — for builders of the lazily loaded parts (typedEntries.ts) and entries that may exceed the size
 * limit — under a sequence number reserved at the call and queued once those parts are in. Holds
 * the last sequence number and the intakes still waiting, which flush() waits for.
 */
export function createEntryIntake(ctx: PipelineContext, flush: FlushController, own: EntryContext) {
  let seq = 0;
  /** Intakes still waiting for the lazily loaded parts (writeBatch, lazy): flush() waits for them. */
  let waiting: Promise<unknown> | undefined;

  const queued = (): void => {
    if (ctx.queue.entries >= batchEntries(ctx)) ctx.pump('size');
    else if (ctx.queue.bytes >= ctx.opts.maxBatchBytes) ctx.pump('bytes');
    else if (flush.state === 'idle') flush.schedule();
  };

  /**
   * Queues an admitted entry, or counts it dropped when the queue is full. `next`: under the next
   * sequence number; else one reserved earlier, and the entry goes in its place by it.
   */
  const place = (item: QueuedEntry | undefined, next: boolean): void => {
    if (!item) return;
    if (!ctx.queue.fits(1, item.json.length)) {
      ctx.ledger.drop(overflowReason(ctx, item));
      return;
    }
    if (next) {
      seq = item.seq;
      ctx.queue.push(item);
    } else ctx.queue.requeue([item]);
    ctx.platform.durable?.accepted(ctx, [item]);
    queued();
  };

  const intake = {
    /** The sequence number of the latest log call. */
    get seq(): number {
      return seq;
    },
    /** Reserves `n` sequence numbers (a writeBatch group) and returns the first. */
    reserve(n: number): number {
      const from = seq + 1;
      seq += n;
      return from;
    },
    /** Remembers an intake that waits for the lazily loaded parts, for flush() to wait for. */
    later<T>(p: Promise<T>): Promise<T> {
      const before = waiting;
      waiting = before ? Promise.allSettled([before, p]) : p;
      return p;
    },
    /** The intakes still waiting, once (flush() waits for them, then looks again). */
    takeWaiting(): Promise<unknown> | undefined {
      const w = waiting;
      waiting = undefined;
      return w;
    },

    /** Builds an entry and queues it (under `at`, one reserved earlier); a builder's error is reported, never thrown. */
    take(build: () => EntryBody, attributes: Attributes | undefined, at?: number, entry = own): void {
      try {
        const item = admit(ctx, build(), attributes, entry, at ?? seq + 1);
        if (item instanceof Promise) {
          // An entry that may exceed the size limit, measured once the lazily loaded parts are in.
          if (at === undefined) seq++;
          intake.later(
            item.then(
              (i) => place(i, false),
              (error: unknown) => ctx.report(error),
            ),
          );
        } else place(item, at === undefined);
      } catch (error) {
        ctx.report(error);
      }
    },

    /**
     * Builds an entry with a builder of the lazily loaded parts (typedEntries.ts) and queues it: at
     * once when they are in; else once they have loaded, under the sequence number, time, scope and
     * attributes of the call (a page's first chunk does without these builders).
     */
    lazy(build: (m: Deferred) => EntryBody, attributes: Attributes | undefined): void {
      const loaded = ctx.exit;
      if (loaded) {
        intake.take(() => build(loaded), attributes);
        return;
      }
      const at = ++seq;
      const time = ctx.clock.now();
      const open = !ctx.closed;
      // The attributes as they are now, encoded (strings): later changes to the caller's objects do not leak in.
      const attrs = attributes === undefined ? undefined : encodeAttributes(attributes, {}, ctx.limited);
      // The scope's attributes as they are now (a request's, a trace's), not when the parts load.
      const scope = own.context?.();
      const entry = own.context ? { ...own, context: () => scope } : own;
      intake.later(
        ctx.offline().then(
          (m) => {
            // Logged before close(): queued as if it had been built then.
            const closed = ctx.closed;
            if (open) ctx.closed = false;
            try {
              intake.take(
                () => {
                  const body = build(m);
                  return body.ts === undefined ? { ...body, ts: time } : body;
                },
                attrs,
                at,
                entry,
              );
            } finally {
              ctx.closed = closed;
            }
          },
          (error: unknown) => ctx.report(error),
        ),
      );
    },
  };
  return intake;
}

export type EntryIntake = ReturnType<typeof createEntryIntake>;
