import { DEFAULT_USER_AGENT, JSON_CONTENT_TYPE, PATHS, serviceHeaders } from '../protocol/endpoints.js';
import type { HttpRequest } from '../protocol/http.js';
import { parseBatchFailures } from '../protocol/responses.js';
import type { PipelineContext } from './context.js';
import { sealForExit } from './exitSeal.js';
import type { LifecycleEvent } from './platform.js';
import type { SpoolRecord } from './spool.js';
import { verdict } from './verdict.js';

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

/**
 * The host is leaving: seals what is left (synchronously), hands each request to the platform's
 * `sendOnExit`, and stores in the spool every one that was not answered for as stored or refused —
 * so the next process or page sends it (the same idempotency key makes a double delivery harmless).
 */
export function leave(ctx: PipelineContext, ingestorUrl: string | undefined): void {
  ctx.exiting = 'leaving';
  try {
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
          ctx.ledger.settleRecord(record.id, record.entries, 'acknowledged', parseBatchFailures(answer.body, record.entries).failed);
          continue;
        }
        if (v.kind === 'reject' || v.kind === 'drop') {
          ctx.ledger.settleRecord(record.id, record.entries, v.kind === 'drop' ? v.reason : 'rejected');
          continue;
        }
      }
      if (!ctx.spool?.appendSync(record) && answer !== true) ctx.ledger.settleRecord(record.id, record.entries, 'closed');
    }
  } catch (error) {
    ctx.report(error);
  }
  ctx.ledger.check();
}

/**
 * Follows the host's lifecycle (ClientPlatform.lifecycle): hidden → deliver now within the exit
 * budget, visible → back to normal, leaving → {@link leave}, online → retry at once.
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
        leave(ctx, actions.ingestorUrl());
        return;
      case 'online':
        actions.retryNow();
    }
  };
  return ctx.platform.lifecycle?.subscribe(listener) ?? (() => {});
}
