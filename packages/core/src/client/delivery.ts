import { LogFluxError } from '../errors.js';
import type { SealedPieces } from '../protocol/bodies.js';
import type { HttpResponse } from '../protocol/http.js';
import { childIdempotencyKey } from '../protocol/idempotency.js';
import { parseBatchFailures } from '../protocol/responses.js';
import { type Chunk, liveChunk, post, type SendOutcome, settleChunk, waitGates } from './chunk.js';
import type { PipelineContext } from './context.js';
import { pauseAll, pauseTypes, resumeTypes } from './gates.js';
import type { Outcome } from './ledger.js';
import { verdict } from './verdict.js';

/**
 * Sends one request until it is answered for (docs/protocol.md §9.3, docs/delivery.md), applying
 * the verdict table to each answer. Live requests (this process's entries) and spooled ones go
 * through the same loop; a spooled one cannot be re-sealed and is not retried here (the replay
 * loop backs off and comes back to it).
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
      ctx.report(new LogFluxError('network', `delivery failed: ${(error as Error)?.message ?? 'network error'}`, { cause: error }));
    }
    if (ctx.log.enabled('debug'))
      ctx.log.debug(
        `${live ? 'sent' : 'replayed from the spool'} ${chunk.entries} entries (${chunk.body.body.length} bytes, Idempotency-Key ${chunk.idempotencyKey}): ${res ? res.status : 'no answer'}`,
      );
    const v = verdict(res, {
      now: ctx.clock.now(),
      attempts: chunk.attempts,
      maxRetries: live ? ctx.opts.maxRetries : 0,
      entries: chunk.entries,
      canReseal: live,
      multipart: chunk.body.contentType.startsWith('multipart/'),
      backoff: ctx.backoff,
      quotaPauseMs: ctx.opts.quotaPauseMs,
    });
    switch (v.kind) {
      case 'ack': {
        stats.transport = 'up';
        ctx.gates = resumeTypes(ctx.gates, chunk.types);
        const { failed, classes } = parseBatchFailures((res as HttpResponse).body, chunk.entries);
        if (failed.length > 0) ctx.report(new LogFluxError('rejected', `the ingestor rejected ${failed.length} entries (${classes})`));
        return done(ctx, chunk, 'acknowledged', failed);
      }
      case 'reject':
        ctx.report(new LogFluxError('rejected', `the ingestor rejected a batch of ${chunk.entries} entries (400)`));
        return done(ctx, chunk, 'rejected');
      case 'drop':
        ctx.report(
          new LogFluxError(
            v.reason,
            v.reason === 'too_large'
              ? 'the ingestor refused a single entry as too large (413)'
              : 'a spooled batch was sealed under a key the ingestor no longer knows (410)',
          ),
        );
        return done(ctx, chunk, v.reason);
      case 'stop':
        stats.transport = 'unauthorized';
        ctx.report(new LogFluxError('unauthorized', `the ingestor refused the API key (${res?.status}); sending stopped`));
        continue;
      case 'reseal':
        return reseal(ctx, chunk);
      case 'split':
        return split(ctx, chunk);
      case 'reframe':
        ctx.sessions.refuseMultipart();
        ctx.log.warn(`the ingestor refused a multipart batch (${res?.status}); sending JSON batches instead`);
        (await ctx.offline()).reframe(chunk);
        continue;
      case 'pause':
        stats.retries++;
        if (v.scope === 'all') {
          ctx.gates = pauseAll(ctx.gates, v.until);
          stats.transport = 'paused';
        } else {
          ctx.gates = pauseTypes(ctx.gates, chunk.types, v.until);
          ctx.report(new LogFluxError('quota_exceeded', `storage quota exhausted for entry types ${chunk.types.join(', ')}; paused`));
        }
        continue;
      case 'retry':
      case 'give_up':
        if (res) ctx.report(new LogFluxError('network', `the ingestor answered ${res.status}`));
        chunk.attempts++;
        if (v.kind === 'give_up') {
          if (!live) {
            stats.transport = 'down';
            return 'kept';
          }
          if (!spool) return done(ctx, chunk, 'network_error');
          stats.transport = 'down';
          return toSpool(ctx, chunk);
        }
        stats.retries++;
        stats.transport = 'retrying';
        ctx.log.info(
          `retrying ${chunk.entries} entries in ${Math.round(v.delayMs)} ms (retry ${chunk.attempts} of ${ctx.opts.maxRetries})`,
        );
        await ctx.sleep(v.delayMs);
    }
  }
}

function done(ctx: PipelineContext, chunk: Chunk, outcome: Outcome, failed?: readonly number[]): SendOutcome {
  settleChunk(ctx, chunk, outcome, failed);
  return 'done';
}

/** 410: a new handshake, the entries sealed again under the new key, sent under a new key. */
async function reseal(ctx: PipelineContext, chunk: Chunk): Promise<SendOutcome> {
  if (chunk.owner.kind !== 'live') return done(ctx, chunk, 'unknown_key');
  const { items } = chunk.owner;
  ctx.sessions.invalidate(chunk.keyId);
  try {
    const session = await ctx.sessions.acquire(ctx.clock.now(), items.length);
    if (chunk.keyId === session.keyId || chunk.attempts > ctx.opts.maxRetries)
      throw new LogFluxError('unknown_key', 'the ingestor keeps refusing the session key');
    const format = session.multipart ? 'multipart' : 'json';
    const sealed = await ctx.sealer.seal(items, session, ctx.opts.payloadType, format);
    const fresh = liveChunk(ctx, items, sealed, session.keyId, childIdempotencyKey(chunk.idempotencyKey, 'r'));
    fresh.counted = true;
    fresh.attempts = chunk.attempts + 1;
    return sendChunk(ctx, fresh);
  } catch (error) {
    ctx.report(error);
    return done(ctx, chunk, 'unknown_key');
  }
}

/**
 * 413: each half under a key derived from this request's, so that a re-send splits into the same
 * keys. Live halves are sent at once; a spooled request is replaced by two spool records.
 */
async function split(ctx: PipelineContext, chunk: Chunk): Promise<SendOutcome> {
  const { owner } = chunk;
  if (owner.kind === 'record') return (await ctx.offline()).splitRecord(ctx, chunk, owner.record);
  const sealed = chunk.sealed as SealedPieces;
  const half = Math.ceil(chunk.entries / 2);
  for (const [i, [from, to]] of [
    [0, half],
    [half, chunk.entries],
  ].entries()) {
    const pieces = { format: sealed.format, pieces: sealed.pieces.slice(from, to) } as SealedPieces;
    const part = liveChunk(ctx, owner.items.slice(from, to), pieces, chunk.keyId, childIdempotencyKey(chunk.idempotencyKey, i as 0 | 1));
    part.counted = true;
    await sendChunk(ctx, part);
  }
  return 'done';
}

/** Moves a request to the spool (loading the offline parts). */
async function toSpool(ctx: PipelineContext, chunk: Chunk): Promise<SendOutcome> {
  return (await ctx.offline()).toSpool(ctx, chunk);
}
