import type { PipelineContext } from './context.js';
import type { LifecycleEvent } from './platform.js';

/**
 * Follows the host's lifecycle (ClientPlatform.lifecycle): hidden → deliver now within the exit
 * budget, visible → back to normal, leaving → seal what is left (exitSeal.ts `leave`), online →
 * retry at once.
 */
export function followLifecycle(
  ctx: PipelineContext,
  actions: { flushNow(): Promise<unknown>; retryNow(): void; ingestorUrl(): string | undefined },
): () => void {
  let flushing: Promise<unknown> | undefined;
  const listener = (event: LifecycleEvent) => {
    if (ctx.hardClosed) return;
    switch (event) {
      case 'hidden':
        ctx.exiting = 'hidden';
        if (flushing || (ctx.queue.entries === 0 && ctx.ledger.inFlight() === 0)) return;
        flushing = actions.flushNow().finally(() => {
          flushing = undefined;
        });
        return;
      case 'visible':
        ctx.exiting = false;
        return;
      case 'leaving':
        // Only synchronous work runs now: the exit parts must be loaded already (see ctx.loadExit).
        if (ctx.exit) ctx.exit.leave(ctx, actions.ingestorUrl());
        else {
          ctx.exiting = 'leaving';
          lostAtLeave(ctx, 'the client was ready');
        }
        return;
      case 'online':
        actions.retryNow();
    }
  };
  return ctx.platform.lifecycle?.subscribe(listener) ?? (() => {});
}

/**
 * The host leaves before anything can be sealed (no session key yet, or the exit parts not loaded):
 * what is queued is lost — said once, and counted as `closed`.
 */
export function lostAtLeave(ctx: PipelineContext, before: string): void {
  const items = [...[...ctx.sealing].flat(), ...ctx.queue.drain()];
  ctx.sealing.clear();
  if (items.length === 0) return;
  ctx.ledger.settle(items, 'closed');
  ctx.log.warn(`the process ended before ${before}: ${items.length} entries could not be sealed and are lost (await ready() first)`);
}
