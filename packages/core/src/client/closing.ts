import type { PipelineContext } from './context.js';
import { spoolRemaining } from './exitSeal.js';
import type { FlushResult } from './ledger.js';

/**
 * The rest of `close()` (client.ts) once its flush is over and sending has stopped, with the
 * lazily loaded parts (deferred.ts): what is left is sealed into the spool (or dropped), the
 * session key wiped, the store closed. Resolves with the flush's result, `pending` recounted.
 */
export async function finishClose(ctx: PipelineContext, result: FlushResult, lastSeq: number): Promise<FlushResult> {
  ctx.wake();
  await spoolRemaining(ctx);
  ctx.platform.durable?.close();
  ctx.sessions.dispose();
  ctx.ledger.stats.transport = 'closed';
  await ctx.store?.store.close?.();
  return result.pending === 0 ? result : { ...result, pending: ctx.ledger.unsettledUpTo(lastSeq) };
}
