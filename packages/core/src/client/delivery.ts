import { LogFluxError } from '../errors.js';
import { parseBatchFailures } from '../protocol/batchFailures.js';
import type { HttpResponse } from '../protocol/http.js';
import { type Chunk, post, type SendOutcome, settleChunk, waitGates } from './chunk.js';
import type { PipelineContext } from './context.js';
import type { Outcome } from './ledger.js';
import { resumeTypes } from './typePause.js';

/**
 * Sends one request until it is answered for (docs/protocol.md §9.3, docs/delivery.md). A stored
 * request (200/202) settles here; every other answer goes to the verdict table in the offline
 * parts (recovery.ts), loaded after the first delivery or at the first failure — if they cannot
 * load (the network is down), the request is tried again after a backoff. Live requests (this
 * process's entries) and spooled ones go through the same loop.
 */
export async function sendChunk(ctx: PipelineContext, chunk: Chunk): Promise<SendOutcome> {
  const live = chunk.owner.kind === 'live';
  const stats = ctx.ledger.stats;
  for (;;) {
    const spool = ctx.store?.store;
    if (live) {
      if (spool && (spool.size().records > 0 || stats.transport === 'down')) return toSpool(ctx, chunk);
      if (ctx.hardClosed) return spool ? toSpool(ctx, chunk) : done(ctx, chunk, 'closed');
      if (stats.transport === 'unauthorized') return spool ? toSpool(ctx, chunk) : done(ctx, chunk, 'unauthorized');
    } else if (ctx.hardClosed || stats.transport === 'unauthorized') return 'kept';
    await waitGates(ctx, chunk.types);
    if (!chunk.counted) {
      chunk.counted = true;
      stats.sent += chunk.entries;
    }
    let res: HttpResponse | undefined;
    try {
      res = await post(ctx, chunk);
    } catch (error) {
      ctx.report(error);
    }
    if (ctx.log.enabled('debug'))
      ctx.log.debug(
        `${live ? 'sent' : 'replayed'} ${chunk.entries} entries (Idempotency-Key ${chunk.idempotencyKey}): ${res ? res.status : 'no answer'}`,
      );
    if (res?.status === 200 || res?.status === 202) {
      stats.transport = 'up';
      ctx.gates = resumeTypes(ctx.gates, chunk.types);
      const { failed, classes } = parseBatchFailures(res.body, chunk.entries);
      if (failed.length > 0) ctx.report(new LogFluxError('rejected', `${failed.length} entries rejected (${classes})`));
      return done(ctx, chunk, 'acknowledged', failed);
    }
    let outcome: SendOutcome | undefined;
    try {
      outcome = await (await ctx.offline()).answered(ctx, chunk, res);
    } catch {
      chunk.attempts++;
      stats.retries++;
      stats.transport = 'retrying';
      await ctx.sleep(ctx.backoff(chunk.attempts));
    }
    if (outcome) return outcome;
  }
}

function done(ctx: PipelineContext, chunk: Chunk, outcome: Outcome, failed?: readonly number[]): SendOutcome {
  settleChunk(ctx, chunk, outcome, failed);
  return 'done';
}

/** Moves a request to the spool (loading the offline parts). */
export async function toSpool(ctx: PipelineContext, chunk: Chunk): Promise<SendOutcome> {
  return (await ctx.offline()).toSpool(ctx, chunk);
}
