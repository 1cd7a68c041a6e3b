import { LogFluxError } from '../errors.js';
import type { PipelineContext } from './context.js';
import type { FlushController } from './flushController.js';
import { expire, isTypePaused, nextOpening, pauseAll } from './gates.js';
import type { QueuedEntry } from './queue.js';
import { isFatal, type Session } from './session.js';

type Deferred = typeof import('./deferred.js');

import type { FlushReason } from './stats.js';

/** Entries per batch: the client's limit, lowered by the service's `max_batch_size`. */
export function batchEntries(ctx: PipelineContext): number {
  const { maxBatchEntries } = ctx.opts;
  return Math.min(maxBatchEntries, ctx.sessions.session?.limits.maxBatchSize ?? maxBatchEntries);
}

/**
 * Turns queued entries into requests: `pump` takes batches off the queue while there is a reason
 * to send them, capacity (`maxConcurrentRequests`) and no pause; `deliver` acquires the session
 * and hands the batch to batchDelivery.ts (with the lazily loaded parts: a page's first chunk
 * holds no sending code), which seals it, cuts it into requests and sends each.
 */
export function createDispatcher(ctx: PipelineContext, flush: FlushController) {
  let active = 0;
  let handshakeAttempts = 0;

  function canSend(now: number): boolean {
    return !ctx.hardClosed && ctx.ledger.stats.transport !== 'unauthorized' && !ctx.sessions.fatal && now >= ctx.gates.all;
  }

  function pump(reason: FlushReason): void {
    if (ctx.hardClosed) return;
    const { queue, opts } = ctx;
    const now = ctx.clock.now();
    ctx.gates = expire(ctx.gates, now);
    const paused = ctx.gates.types.size > 0 ? (type: QueuedEntry['type']) => isTypePaused(ctx.gates, type, now) : undefined;
    while (queue.entries > 0 && active < opts.maxConcurrentRequests && canSend(now)) {
      const full = queue.entries >= batchEntries(ctx) || queue.bytes >= opts.maxBatchBytes;
      const why = flush.reasonToSend(full, reason);
      if (!why) break;
      const batch = queue.take(batchEntries(ctx), opts.maxBatchBytes, paused);
      if (batch.length === 0) break;
      flush.flushing(true);
      ctx.ledger.stats.flushes[why]++;
      void deliver(batch);
    }
    if (queue.entries === 0) flush.drained();
    if (active === 0) flush.flushing(false);
    if (queue.entries > 0) {
      const next = nextOpening(ctx.gates, now);
      if (next !== undefined) flush.wakeAt(next);
      if (!flush.scheduled && active < opts.maxConcurrentRequests) flush.schedule();
    }
  }

  async function acquire(items: QueuedEntry[]): Promise<Session | undefined> {
    try {
      // The session, and the parts that seal and send (batchDelivery.ts, loaded with deferred.ts).
      const [session] = await Promise.all([ctx.sessions.acquire(ctx.clock.now(), items.length), ctx.offline()]);
      handshakeAttempts = 0;
      return session;
    } catch (error) {
      ctx.report(error);
      ctx.ledger.finish(items);
      ctx.sealing.delete(items);
      ctx.queue.requeue(items);
      if (error instanceof LogFluxError && isFatal(error)) {
        if (error.errorClass === 'unauthorized') ctx.ledger.stats.transport = 'unauthorized';
        return undefined;
      }
      handshakeAttempts++;
      ctx.ledger.stats.transport = 'retrying';
      ctx.gates = pauseAll(ctx.gates, ctx.clock.now() + ctx.backoff(handshakeAttempts));
      return undefined;
    }
  }

  async function deliver(items: QueuedEntry[]): Promise<void> {
    active++;
    ctx.ledger.begin(items);
    ctx.sealing.add(items);
    try {
      const session = await acquire(items);
      // No session, or sealed at exit meanwhile; else sealed and sent by the lazily loaded parts.
      if (session && ctx.sealing.has(items)) await (ctx.exit as Deferred).sendBatch(ctx, items, session);
    } finally {
      ctx.sealing.delete(items);
      active--;
      ctx.ledger.finish(items);
      ctx.ledger.check();
      pump('interval');
    }
  }

  return {
    pump,
    get active(): number {
      return active;
    },
  };
}
