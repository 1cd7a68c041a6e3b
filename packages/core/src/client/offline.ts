/**
 * The offline parts of the pipeline, loaded only when needed (`ctx.offline()`: a dynamic import,
 * so that bundlers keep them out of a page's first chunk): what happens after an answer other than
 * 200/202 (recovery.ts), the spool over the runtime's store, moving requests into it, replaying it
 * oldest first, splitting and re-framing stored requests. Like every lazily loaded module, it
 * imports from the runtime barrel (see runtime.ts).
 */

import type { EntryType } from '../limits.js';
import { requestBody, type SealedPieces } from '../protocol/bodies.js';
import { JSON_CONTENT_TYPE } from '../protocol/endpoints.js';
import { childIdempotencyKey } from '../protocol/idempotencyRules.js';
import { asJsonPieces, piecesOfBody } from '../protocol/storedBodies.js';
import { LogFluxError } from '../runtime.js';
import { type Chunk, liveChunk, type SendOutcome, settleChunk } from './chunk.js';
import type { PipelineContext } from './context.js';
import { sendChunk } from './delivery.js';
import { createSpool, type Spool, type SpoolRecord, spoolRecordOf } from './spool.js';
import { noticeRecord, settleRecord, splitRecordEntries, spooledInto } from './spoolLedger.js';

export { answered } from './recovery.js';

const spools = new WeakMap<PipelineContext, Spool>();
const replaying = new WeakSet<PipelineContext>();

/** The client's spool (core's policy over the runtime's store), or undefined without a store. */
export function spoolOf(ctx: PipelineContext): Spool | undefined {
  if (!ctx.store) return undefined;
  let spool = spools.get(ctx);
  if (!spool) {
    spool = createSpool(ctx.store.store, ctx.store.maxBytes, (id) => ctx.log.warn(`removed an unreadable spool record (${id})`));
    spools.set(ctx, spool);
  }
  return spool;
}

/** The pieces of a request, parsed from its body when it came from the spool. */
export function piecesOf(chunk: Chunk): SealedPieces {
  chunk.sealed ??= piecesOfBody(chunk.body.body, chunk.body.contentType);
  return chunk.sealed;
}

/** The same entries as a JSON batch, under the same key (the key stands for the entries, not the framing). */
export function reframe(chunk: Chunk): void {
  chunk.sealed = { format: 'json', pieces: asJsonPieces(piecesOf(chunk)) };
  chunk.body = requestBody(chunk.sealed, () => new Uint8Array(0));
}

export function recordChunk(ctx: PipelineContext, record: SpoolRecord): Chunk {
  const chunk: Chunk = {
    owner: {
      kind: 'record',
      record,
      settle: (outcome, failed) => settleRecord(ctx.ledger, record.id, record.entries, outcome, failed),
    },
    sealed: undefined,
    body: { body: record.body, contentType: record.contentType ?? JSON_CONTENT_TYPE },
    idempotencyKey: record.idempotencyKey,
    keyId: '',
    types: record.entryTypes as EntryType[],
    entries: record.entries,
    attempts: 0,
    counted: true,
  };
  if (ctx.sessions.multipartRefused && chunk.body.contentType !== JSON_CONTENT_TYPE) reframe(chunk);
  return chunk;
}

/** Moves a request of this process to the spool (its entries settle when the record is answered for). */
export async function toSpool(ctx: PipelineContext, chunk: Chunk): Promise<SendOutcome> {
  const spool = spoolOf(ctx);
  if (!spool || chunk.owner.kind !== 'live') {
    settleChunk(ctx, chunk, 'network_error');
    return 'done';
  }
  try {
    const record = spoolRecordOf(ctx, chunk);
    const evicted = await spool.append(record);
    spooledInto(ctx.ledger, record.id, chunk.owner.items);
    ctx.log.info(`spooled ${chunk.entries} entries (sealed) until the ingestor answers`);
    for (const e of evicted) settleRecord(ctx.ledger, e.id, e.entries, 'spool_overflow');
  } catch (error) {
    ctx.report(new LogFluxError('network', `could not spool a batch: ${(error as Error)?.message}`, { cause: error }));
    settleChunk(ctx, chunk, 'network_error');
  }
  ctx.ledger.check();
  void replay(ctx);
  return 'done';
}

/** 413 for a stored request: two spool records holding its halves, under derived keys, replace it. */
export async function splitRecord(ctx: PipelineContext, chunk: Chunk, record: SpoolRecord): Promise<SendOutcome> {
  const spool = spoolOf(ctx);
  if (!spool) {
    settleChunk(ctx, chunk, 'too_large');
    return 'done';
  }
  const sealed = piecesOf(chunk);
  const half = Math.ceil(chunk.entries / 2);
  const children = [];
  for (const [i, [from, to]] of [
    [0, half],
    [half, chunk.entries],
  ].entries()) {
    const pieces = { format: sealed.format, pieces: sealed.pieces.slice(from, to) } as SealedPieces;
    const child = liveChunk(ctx, [], pieces, '', childIdempotencyKey(chunk.idempotencyKey, i as 0 | 1));
    const part = {
      ...spoolRecordOf(ctx, child),
      id: `${record.id}-${i}`,
      entries: (to as number) - (from as number),
      entryTypes: record.entryTypes,
    };
    await spool.append(part);
    children.push({ id: part.id, from: from as number, to: to as number });
  }
  splitRecordEntries(ctx.ledger, record.id, children);
  return 'done';
}

/**
 * Sends spooled requests oldest first, with their idempotency keys, until the spool is empty or
 * sending is impossible (closed, unauthorized). A request the ingestor does not answer for stays
 * in the spool and is tried again after a backoff that grows with each failed round; new requests
 * meanwhile go to the spool behind it, so order is kept.
 */
export async function replay(ctx: PipelineContext): Promise<void> {
  const spool = spoolOf(ctx);
  if (!spool || replaying.has(ctx)) return;
  replaying.add(ctx);
  let attempt = 0;
  try {
    while (!ctx.hardClosed && ctx.ledger.stats.transport !== 'unauthorized') {
      if (attempt > 0) await ctx.sleep(ctx.backoff(attempt));
      const record = await spool.oldest();
      if (!record) {
        if (ctx.ledger.stats.transport === 'down') ctx.ledger.stats.transport = 'up';
        break;
      }
      noticeRecord(ctx.ledger, record.id, record.entries);
      spool.pin(record.id);
      let outcome: SendOutcome;
      try {
        outcome = await sendChunk(ctx, recordChunk(ctx, record));
      } finally {
        spool.unpin(record.id);
      }
      if (outcome === 'kept') {
        attempt++;
        continue;
      }
      await spool.remove(record.id);
      ctx.ledger.stats.flushes.replay++;
      ctx.ledger.check();
      attempt = 0;
    }
  } catch (error) {
    ctx.report(error);
  } finally {
    replaying.delete(ctx);
  }
  ctx.pump('replay');
}
