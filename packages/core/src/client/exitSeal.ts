/**
 * The exit parts of the pipeline, loaded ahead of need (`ctx.loadExit()`: at construction, or after
 * the first delivery where a runtime defers loading — a page's first chunk stays small): sealing
 * what is left when the host goes away, and spooling what is left at close. Like every lazily
 * loaded module, it imports from the runtime barrel (see runtime.ts).
 */

import { parseBatchFailures } from '../protocol/batchFailures.js';
import { type SealedPieces, splitBySize } from '../protocol/bodies.js';
import { DEFAULT_USER_AGENT, JSON_CONTENT_TYPE, PATHS, serviceHeaders } from '../protocol/endpoints.js';
import type { HttpRequest } from '../protocol/http.js';
import { sealEntries } from '../runtime.js';
import { requestShape } from './batchDelivery.js';
import { liveChunk, runKeys } from './chunk.js';
import type { PipelineContext } from './context.js';
import { lostAtLeave } from './lifecycle.js';
import type { QueuedEntry } from './queue.js';
import { encodeRecord, type SpoolRecord, spoolRecordOf } from './spool.js';
import { settleRecord, spooledInto } from './spoolLedger.js';
import { verdict } from './verdict.js';

/** Runs of consecutive entries that belong together: one `writeBatch` group, or none. */
function segments(items: readonly QueuedEntry[]): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= items.length; i++) {
    if (i === items.length || items[i]?.group !== items[start]?.group) {
      out.push([start, i]);
      start = i;
    }
  }
  return out;
}

/**
 * For a host that is going away, when only synchronous work still runs: turns every entry of this
 * process that is not settled into spool records — requests already sealed keep their bodies and
 * keys (if one did reach the ingestor, its replay is stored once); what is queued or still being
 * sealed is sealed now with the synchronous providers, in requests within the exit budget. The
 * entries then count as spooled. Returns the records (none without a session or synchronous
 * providers: the entries then stay where they are).
 */
export function sealForExit(ctx: PipelineContext): SpoolRecord[] {
  const session = ctx.sessions.session;
  if (!session) return [];
  const records: SpoolRecord[] = [];
  const keep = (record: SpoolRecord, items: readonly QueuedEntry[]) => {
    records.push(record);
    spooledInto(ctx.ledger, record.id, items);
  };
  try {
    for (const chunk of ctx.unanswered) if (chunk.owner.kind === 'live') keep(spoolRecordOf(ctx, chunk), chunk.owner.items);
    ctx.unanswered.clear();
    const items = [...[...ctx.sealing].flat(), ...ctx.queue.all()].sort((a, b) => a.seq - b.seq);
    if (items.length === 0) return records;
    const { format, maxBytes } = requestShape(ctx, session);
    const pieces = sealEntries(items, session, ctx.opts.payloadType, ctx.platform.providers, format);
    if (!Array.isArray(pieces)) {
      // Asynchronous providers: nothing can be sealed now; the entries stay where they are.
      pieces.catch(() => {});
      return records;
    }
    ctx.queue.drain();
    ctx.sealing.clear();
    session.sealed += items.length;
    for (const [from, to] of segments(items)) {
      const part = items.slice(from, to);
      const runs = splitBySize<QueuedEntry, string | Uint8Array>(part, pieces.slice(from, to), format, maxBytes);
      const keys = runKeys(ctx, part, runs.length);
      for (const [i, run] of runs.entries()) {
        const chunk = liveChunk(ctx, run.items, { format, pieces: run.pieces } as SealedPieces, session.keyId, keys[i] as string);
        keep(spoolRecordOf(ctx, chunk), run.items);
      }
    }
  } catch (error) {
    ctx.report(error);
  }
  ctx.ledger.check();
  return records;
}

/**
 * At close, after the wait for delivery: seals what is still queued (with the client's sealer) and
 * moves it to the spool, so the next process sends it. Without a spool or a session the entries
 * are dropped, with the reason that kept them from being sent.
 */
export async function spoolRemaining(ctx: PipelineContext): Promise<void> {
  const left = ctx.queue.drain();
  if (left.length === 0) return;
  const session = ctx.sessions.session;
  if (!ctx.store || !session) {
    const fatal = ctx.sessions.fatal;
    const unauthorized = fatal?.errorClass === 'unauthorized' || ctx.ledger.stats.transport === 'unauthorized';
    ctx.ledger.settle(left, unauthorized ? 'unauthorized' : fatal ? 'handshake_failed' : 'closed');
    return;
  }
  let unsent = new Set(left);
  try {
    const format = session.multipart ? 'multipart' : 'json';
    const sealed = await ctx.sealer.seal(left, session, ctx.opts.payloadType, format);
    for (const [from, to] of segments(left)) {
      const part = left.slice(from, to);
      const runs = splitBySize<QueuedEntry, string | Uint8Array>(
        part,
        sealed.pieces.slice(from, to),
        format,
        session.limits.maxRequestSize,
      );
      const keys = runKeys(ctx, part, runs.length);
      for (const [i, run] of runs.entries()) {
        for (const item of run.items) unsent.delete(item);
        const chunk = liveChunk(ctx, run.items, { format, pieces: run.pieces } as SealedPieces, session.keyId, keys[i] as string);
        await (await ctx.offline()).toSpool(ctx, chunk);
      }
    }
  } catch (error) {
    ctx.report(error);
    ctx.ledger.settle([...unsent], 'closed');
    unsent = new Set();
  }
}

/** The request that sends a spool record, for `sendOnExit`. */
function exitRequest(ctx: PipelineContext, base: string, record: SpoolRecord): HttpRequest {
  const contentType = record.contentType ?? JSON_CONTENT_TYPE;
  return {
    url: `${base}${contentType === JSON_CONTENT_TYPE ? PATHS.batch : PATHS.ingest}`,
    method: 'POST',
    headers: serviceHeaders(ctx.sessions.apiKey.reveal(), ctx.platform.userAgent ?? DEFAULT_USER_AGENT, contentType, record.idempotencyKey),
    body: record.body,
    timeoutMs: ctx.opts.requestTimeoutMs,
    keepalive: true,
  };
}

/** Stores a record synchronously where the runtime's store can (its size cap is enforced later). */
function storeNow(ctx: PipelineContext, record: SpoolRecord): boolean {
  const store = ctx.store?.store;
  if (!store?.putSync) return false;
  try {
    store.putSync(record.id, encodeRecord(record));
    return true;
  } catch {
    return false;
  }
}

/**
 * The host is leaving: seals what is left (synchronously), hands each request to the platform's
 * `sendOnExit`, and stores in the spool every one that was not answered for as stored or refused —
 * so the next process or page sends it (the same idempotency key makes a double delivery harmless).
 */
export function leave(ctx: PipelineContext, ingestorUrl: string | undefined): void {
  ctx.exiting = 'leaving';
  const tally = { delivered: 0, stored: 0 };
  try {
    if (!ctx.sessions.session) lostAtLeave(ctx, 'the first handshake completed');
    for (const record of sealForExit(ctx)) {
      const answer = ingestorUrl ? ctx.platform.sendOnExit?.(exitRequest(ctx, ingestorUrl, record)) : false;
      if (typeof answer === 'object') {
        const v = verdict(answer, {
          now: ctx.clock.now(),
          attempts: 0,
          maxRetries: 0,
          entries: record.entries,
          canReseal: false,
          multipart: record.contentType !== undefined,
          backoff: () => 0,
          quotaPauseMs: 0,
        });
        if (v.kind === 'ack') {
          settleRecord(ctx.ledger, record.id, record.entries, 'acknowledged', parseBatchFailures(answer.body, record.entries).failed);
          tally.delivered += record.entries;
          continue;
        }
        if (v.kind === 'reject' || v.kind === 'drop') {
          settleRecord(ctx.ledger, record.id, record.entries, v.kind === 'drop' ? v.reason : 'rejected');
          continue;
        }
      }
      if (storeNow(ctx, record)) tally.stored += record.entries;
      else if (answer !== true) settleRecord(ctx.ledger, record.id, record.entries, 'closed');
    }
  } catch (error) {
    ctx.report(error);
  }
  if (tally.delivered + tally.stored > 0)
    ctx.log.info(`leaving: ${tally.delivered} entries delivered, ${tally.stored} spooled for the next start`);
  ctx.ledger.check();
}
