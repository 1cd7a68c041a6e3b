import { type SealedPieces, splitBySize } from '../protocol/bodies.js';
import { liveChunk, runKeys, spoolRecordOf, toSpool } from './chunk.js';
import type { PipelineContext } from './context.js';
import { requestShape } from './dispatch.js';
import type { QueuedEntry } from './queue.js';
import { sealEntries } from './sealer.js';
import type { SpoolRecord } from './spool.js';

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
    ctx.ledger.spool(record.id, items);
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
  if (!ctx.spool || !session) {
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
        await toSpool(ctx, liveChunk(ctx, run.items, { format, pieces: run.pieces } as SealedPieces, session.keyId, keys[i] as string));
      }
    }
  } catch (error) {
    ctx.report(error);
    ctx.ledger.settle([...unsent], 'closed');
    unsent = new Set();
  }
}
