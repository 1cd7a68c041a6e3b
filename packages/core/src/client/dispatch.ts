import { LogFluxError } from '../errors.js';
import { type BodyFormat, framedBytes, splitBySize } from '../protocol/bodies.js';
import { liveChunk, runKeys } from './chunk.js';
import type { PipelineContext } from './context.js';
import { sendChunk } from './delivery.js';
import type { FlushController } from './flushController.js';
import { expire, isTypePaused, nextOpening, pauseAll } from './gates.js';
import type { QueuedEntry } from './queue.js';
import { isFatal, type Session } from './session.js';
import type { FlushReason } from './stats.js';

/** Entries per batch: the client's limit, lowered by the service's `max_batch_size`. */
export function batchEntries(ctx: PipelineContext): number {
  const { maxBatchEntries } = ctx.opts;
  return Math.min(maxBatchEntries, ctx.sessions.session?.limits.maxBatchSize ?? maxBatchEntries);
}

/** Room for the request line and headers a keepalive request is counted for beside its body. */
const KEEPALIVE_HEADROOM = 2048;

/** The request format of a session, and the body size requests stay within right now. */
export function requestShape(ctx: PipelineContext, session: Session): { format: BodyFormat; maxBytes: number } {
  const max = session.limits.maxRequestSize;
  const budget = ctx.platform.keepaliveBytes;
  const exit = budget === undefined || !ctx.exiting ? max : ctx.exiting === 'hidden' ? budget - KEEPALIVE_HEADROOM : budget / 4;
  return { format: session.multipart ? 'multipart' : 'json', maxBytes: Math.min(max, exit) };
}

/**
 * Turns queued entries into requests: `pump` takes batches off the queue while there is a reason
 * to send them, capacity (`maxConcurrentRequests`) and no pause; `deliver` acquires the session,
 * seals a batch, cuts it into requests within the service's limits and sends each.
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
      const session = await ctx.sessions.acquire(ctx.clock.now(), items.length);
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
    let unsent: QueuedEntry[][] = [items];
    try {
      const session = await acquire(items);
      if (!session || !ctx.sealing.has(items)) return; // no session, or sealed at exit meanwhile
      const { format, maxBytes } = requestShape(ctx, session);
      ctx.platform.durable?.accepted(ctx, items);
      const sealed =
        ctx.platform.durable?.presealed(items, session) ?? (await ctx.sealer.seal(items, session, ctx.opts.payloadType, format));
      if (!ctx.sealing.has(items)) return; // sealed at exit while this batch was sealing
      ctx.sealing.delete(items);
      const runs = splitBySize<QueuedEntry, string | Uint8Array>(items, sealed.pieces, format, maxBytes);
      const keys = runKeys(ctx, items, runs.length);
      unsent = runs.map((r) => r.items);
      for (const [i, run] of runs.entries()) {
        unsent = unsent.slice(1);
        if (run.pieces.length === 1 && framedBytes(format, [(run.pieces[0] as string).length]) > session.limits.maxRequestSize) {
          ctx.report(new LogFluxError('too_large', 'entry too large for one request; dropped'));
          ctx.ledger.settle(run.items, 'too_large');
          continue;
        }
        const chunk = liveChunk(ctx, run.items, { format, pieces: run.pieces } as typeof sealed, session.keyId, keys[i] as string);
        ctx.unanswered.add(chunk);
        try {
          await sendChunk(ctx, chunk);
        } finally {
          ctx.unanswered.delete(chunk);
        }
      }
    } catch (error) {
      // Sealing failed (a provider threw): nothing of what is left can be sent.
      ctx.report(
        error instanceof LogFluxError ? error : new LogFluxError('seal_failed', `seal: ${(error as Error)?.message}`, { cause: error }),
      );
      for (const part of unsent) ctx.ledger.settle(part, 'rejected');
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
