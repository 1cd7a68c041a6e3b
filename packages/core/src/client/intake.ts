import { LogFluxError } from '../errors.js';
import type { PipelineContext } from './context.js';
import type { Attributes } from './entries.js';
import { entryTypeOf } from './entries.js';
import { completeEntry, type EntryBody, type EntryContext } from './entryBuilder.js';
import { fitEntry } from './entrySize.js';
import { isTypePaused } from './gates.js';
import type { InnerEntry } from './options.js';
import type { BatchGroup, QueuedEntry } from './queue.js';

/**
 * From an entry's fields to a queued record, or a counted drop: the client's filters (`minLevel`,
 * `sampleRate`, never for audit entries), the common fields, `beforeSend`, and one
 * `JSON.stringify` — a snapshot, so later changes to the caller's objects do not leak in — within
 * the entry size limit (entrySize.ts).
 */
export function admit(
  ctx: PipelineContext,
  body: EntryBody,
  attributes: Attributes | undefined,
  entry: EntryContext,
  seq: number,
  group?: BatchGroup,
): QueuedEntry | undefined {
  const { ledger, opts } = ctx;
  ledger.stats.logged++;
  if (ctx.misconfigured) return void ledger.drop('invalid_config');
  if (ctx.closed) return void ledger.drop('closed');
  if (body.level > opts.minLevel && body.type !== 'audit') return void ledger.drop('below_level');
  if (body.type !== 'audit' && opts.sampleRate < 1 && ctx.random() >= opts.sampleRate) return void ledger.drop('sampled');
  const now = ctx.clock.now();
  let inner: InnerEntry = completeEntry(body, attributes, entry, now);
  if (opts.beforeSend) {
    let edited: InnerEntry | null | undefined;
    try {
      edited = opts.beforeSend(inner);
    } catch (error) {
      ctx.report(new LogFluxError('hook_failed', `beforeSend threw: ${(error as Error)?.message}`, { cause: error }));
      edited = inner;
    }
    if (edited === null || edited === undefined) return void ledger.drop('before_send');
    inner = edited;
  }
  const json = fitEntry(inner, ctx.limited);
  if (json === undefined) {
    ctx.report(new LogFluxError('too_large', 'an entry is larger than 1 MiB even without its attributes and message; dropped'));
    return void ledger.drop('too_large');
  }
  const type = entryTypeOf(inner);
  return {
    json,
    ts: typeof inner.ts === 'string' ? inner.ts : new Date(now).toISOString(),
    type,
    seq,
    at: now,
    ...(group ? { group } : {}),
  };
}

/** The drop reason when the queue is full: `quota` while the entry's type is paused by a 507. */
export function overflowReason(ctx: PipelineContext, entry: QueuedEntry): 'quota' | 'queue_overflow' {
  return isTypePaused(ctx.gates, entry.type, ctx.clock.now()) ? 'quota' : 'queue_overflow';
}
