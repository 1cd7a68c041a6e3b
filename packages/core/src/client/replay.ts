import { recordChunk } from './chunk.js';
import type { PipelineContext } from './context.js';
import { sendChunk } from './delivery.js';

/**
 * Sends spooled requests oldest first, with their idempotency keys, until the spool is empty or
 * sending is impossible (closed, unauthorized). A request the ingestor does not answer for stays
 * in the spool and is tried again after a backoff that grows with each failed round; new requests
 * meanwhile go to the spool behind it, so order is kept.
 */
export function createReplayer(ctx: PipelineContext, afterwards: () => void) {
  let running = false;

  async function run(): Promise<void> {
    const spool = ctx.spool;
    if (!spool || running) return;
    running = true;
    let attempt = 0;
    try {
      while (!ctx.hardClosed && ctx.ledger.stats.transport !== 'unauthorized') {
        if (attempt > 0) await ctx.sleep(ctx.backoff(attempt));
        const record = await spool.oldest();
        if (!record) {
          if (ctx.ledger.stats.transport === 'down') ctx.ledger.stats.transport = 'up';
          break;
        }
        ctx.ledger.notice(record.id, record.entries);
        if ((await sendChunk(ctx, recordChunk(ctx, record))) === 'kept') {
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
      running = false;
    }
    afterwards();
  }

  return { run };
}
