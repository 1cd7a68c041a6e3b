/**
 * Sealing and sending one batch (dispatch.ts hands it over once it has a session): sealed under the
 * session key, cut into requests within the service's limits (and the keepalive budget while the
 * host is hidden or leaving), each sent until it is answered for (delivery.ts). Loaded with the
 * lazily loaded parts (deferred.ts), so a page's first chunk holds no sending code.
 */
import { LogFluxError } from '../errors.js';
import { type BodyFormat, framedBytes, splitBySize } from '../protocol/bodies.js';
import { liveChunk, runKeys } from './chunk.js';
import type { PipelineContext } from './context.js';
import { sendChunk } from './delivery.js';
import type { QueuedEntry } from './queue.js';
import type { Session } from './session.js';

/** Room for the request line and headers a keepalive request is counted for beside its body. */
const KEEPALIVE_HEADROOM = 2048;

/** The request format of a session, and the body size requests stay within right now. */
export function requestShape(ctx: PipelineContext, session: Session): { format: BodyFormat; maxBytes: number } {
  const max = session.limits.maxRequestSize;
  const budget = ctx.platform.keepaliveBytes;
  const exit = budget === undefined || !ctx.exiting ? max : ctx.exiting === 'hidden' ? budget - KEEPALIVE_HEADROOM : budget / 4;
  return { format: session.multipart ? 'multipart' : 'json', maxBytes: Math.min(max, exit) };
}

/** Seals `items` (taken off the queue, in `ctx.sealing`) under `session` and sends them; never throws. */
export async function sendBatch(ctx: PipelineContext, items: QueuedEntry[], session: Session): Promise<void> {
  let unsent: QueuedEntry[][] = [items];
  try {
    const { format, maxBytes } = requestShape(ctx, session);
    ctx.platform.durable?.accepted(ctx, items);
    const sealed = ctx.platform.durable?.presealed(items, session) ?? (await ctx.sealer.seal(items, session, ctx.opts.payloadType, format));
    if (!ctx.sealing.has(items)) return; // sealed at exit while this batch was sealing
    ctx.sealing.delete(items);
    const runs = splitBySize<QueuedEntry, string | Uint8Array>(items, sealed.pieces, format, maxBytes);
    const keys = runKeys(ctx, items, runs.length);
    unsent = runs.map((r) => r.items);
    for (const [i, run] of runs.entries()) {
      unsent = unsent.slice(1);
      if (run.pieces.length === 1 && framedBytes(format, [(run.pieces[0] as string).length]) > session.limits.maxRequestSize) {
        ctx.report(new LogFluxError('too_large', 'entry over the request size: dropped'));
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
  }
}
