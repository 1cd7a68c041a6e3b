import { LogFluxError } from '../errors.js';
import { PROTOCOL } from '../limits.js';
import type { PipelineContext } from './context.js';
import type { Attributes } from './entries.js';
import { entryTypeOf } from './entries.js';
import { completeEntry, type EntryBody, type EntryContext } from './entryBuilder.js';
import { isTypePaused } from './gates.js';
import type { InnerEntry } from './options.js';
import type { BatchGroup, QueuedEntry } from './queue.js';

/**
 * From an entry's fields to a queued record, or a counted drop: the client's filters (`minLevel`,
 * `sampleRate`, never for audit entries), the common fields, `beforeSend`, and one
 * `JSON.stringify` — a snapshot, so later changes to the caller's objects do not leak in — within
 * the entry size limit. An entry whose JSON is short enough (UTF-16 length × 3 within the limit)
 * fits for certain; a longer one is measured and cut by entrySize.ts, which comes with the lazily
 * loaded parts (deferred.ts): until they are in, the record comes as a promise.
 */
export function admit(
  ctx: PipelineContext,
  body: EntryBody,
  attributes: Attributes | undefined,
  entry: EntryContext,
  seq: number,
  group?: BatchGroup,
): QueuedEntry | undefined | Promise<QueuedEntry | undefined> {
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
  const ts = typeof inner.ts === 'string' ? inner.ts : new Date(now).toISOString();
  const type = entryTypeOf(inner);
  const json = JSON.stringify(inner);
  if (json.length * 3 <= PROTOCOL.maxPayloadBytes) return queued(json, ts, type, seq, now, group);
  if (ctx.exit) return queued(ctx.exit.fitOrDrop(ctx, inner), ts, type, seq, now, group);
  const snapshot = JSON.parse(json) as InnerEntry; // later changes to the caller's objects stay out
  return ctx.offline().then((m) => queued(m.fitOrDrop(ctx, snapshot), ts, type, seq, now, group));
}

/** The queued record of `json` (undefined: the entry was dropped, as too large). No closures: this runs once per entry. */
function queued(
  json: string | undefined,
  ts: string,
  type: QueuedEntry['type'],
  seq: number,
  at: number,
  group: BatchGroup | undefined,
): QueuedEntry | undefined {
  if (json === undefined) return undefined;
  const record: { -readonly [K in keyof QueuedEntry]: QueuedEntry[K] } = { json, ts, type, seq, at };
  if (group) record.group = group;
  return record;
}

/** The drop reason when the queue is full: `quota` while the entry's type is paused by a 507. */
export function overflowReason(ctx: PipelineContext, entry: QueuedEntry): 'quota' | 'queue_overflow' {
  return isTypePaused(ctx.gates, entry.type, ctx.clock.now()) ? 'quota' : 'queue_overflow';
}
