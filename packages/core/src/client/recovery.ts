/**
 * What an answer other than 200/202 (or no answer) leads to, by the verdict table (verdict.ts,
 * docs/delivery.md): a rejected or dropped request, a refused API key, a re-seal after 410, halves
 * after 413, JSON batches after a refused multipart batch, a pause after 429/507, a retry after a
 * backoff, or the spool after the retries. Part of the offline parts (offline.ts re-exports it),
 * loaded after the first delivery or at the first failure: a page's first chunk holds only the
 * path of a stored request (delivery.ts).
 */
import { LogFluxError } from '../errors.js';
import type { SealedPieces } from '../protocol/bodies.js';
import type { HttpResponse } from '../protocol/http.js';
import { childIdempotencyKey } from '../protocol/idempotencyRules.js';
import { type Chunk, liveChunk, type SendOutcome, settleChunk } from './chunk.js';
import type { PipelineContext } from './context.js';
import { sendChunk, toSpool } from './delivery.js';
import { pauseAll } from './gates.js';
import type { Outcome } from './ledger.js';
import { reframe, splitRecord } from './offline.js';
import { pauseTypes } from './typePause.js';
import { verdict } from './verdict.js';

function done(ctx: PipelineContext, chunk: Chunk, outcome: Outcome): SendOutcome {
  settleChunk(ctx, chunk, outcome);
  return 'done';
}

/**
 * Applies the verdict for `res` (undefined: a network error or timeout) to a request that was not
 * stored. Returns how the request ended, or undefined when it is to be sent again (after a pause
 * or a backoff, already waited for).
 */
export async function answered(ctx: PipelineContext, chunk: Chunk, res: HttpResponse | undefined): Promise<SendOutcome | undefined> {
  const live = chunk.owner.kind === 'live';
  const stats = ctx.ledger.stats;
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
  const status = res?.status;
  switch (v.kind) {
    case 'ack':
      return undefined; // not reached: delivery.ts settles stored requests
    case 'reject':
      ctx.report(new LogFluxError('rejected', `batch of ${chunk.entries} rejected (400)`));
      return done(ctx, chunk, 'rejected');
    case 'drop':
      ctx.report(new LogFluxError(v.reason, v.reason === 'too_large' ? 'entry too large (413)' : 'spooled batch: key unknown (410)'));
      return done(ctx, chunk, v.reason);
    case 'stop':
      stats.transport = 'unauthorized';
      ctx.report(new LogFluxError('unauthorized', `API key refused (${status}); sending stopped`));
      return undefined;
    case 'reseal':
      return reseal(ctx, chunk);
    case 'split':
      return split(ctx, chunk);
    case 'reframe':
      ctx.sessions.refuseMultipart();
      ctx.log.warn(`multipart refused (${status}); sending JSON batches`);
      reframe(chunk);
      return undefined;
    case 'pause':
      stats.retries++;
      if (v.scope === 'all') {
        ctx.gates = pauseAll(ctx.gates, v.until);
        stats.transport = 'paused';
      } else {
        ctx.gates = pauseTypes(ctx.gates, chunk.types, v.until);
        ctx.report(new LogFluxError('quota_exceeded', `quota exhausted for entry types ${chunk.types.join(', ')}; paused`));
      }
      return undefined;
    default:
      // retry, give_up
      if (res) ctx.report(new LogFluxError('network', `ingestor answered ${status}`));
      chunk.attempts++;
      if (v.kind === 'give_up') {
        if (!live) {
          stats.transport = 'down';
          return 'kept';
        }
        if (!ctx.store) return done(ctx, chunk, 'network_error');
        stats.transport = 'down';
        return toSpool(ctx, chunk);
      }
      stats.retries++;
      stats.transport = 'retrying';
      ctx.log.info(`retrying ${chunk.entries} entries in ${Math.round(v.delayMs)} ms (retry ${chunk.attempts} of ${ctx.opts.maxRetries})`);
      await ctx.sleep(v.delayMs);
      return undefined;
  }
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
  if (owner.kind === 'record') return splitRecord(ctx, chunk, owner.record);
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
