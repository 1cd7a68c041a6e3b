import { LogFluxError } from '../errors.js';
import { isIdempotencyKey } from '../protocol/idempotencyRules.js';
import type { PipelineContext } from './context.js';
import type { EntryInput } from './entries.js';
import type { EntryContext } from './entryBuilder.js';
import { admit, overflowReason } from './intake.js';
import type { FlushResult } from './ledger.js';
import type { BatchGroup, QueuedEntry } from './queue.js';
import { DROP_REASONS, type DropReason } from './stats.js';
import { preparedEntry } from './typedEntries.js';

/**
 * The intake of `writeBatch` (a collector's call, rare in a page), loaded with the offline parts
 * (deferred.ts): a group of prepared entries queued under one idempotency key.
 */

/** What `queueGroup` did with a group: the entries queued, and the others' drops by reason. */
export interface QueuedGroup {
  queued: QueuedEntry[];
  dropped: Partial<Record<DropReason, number>>;
  /** `result` (what the queued entries came to) with those drops added: the group's whole outcome. */
  withDrops(result: FlushResult): FlushResult;
}

function grouped(queued: QueuedEntry[], dropped: Partial<Record<DropReason, number>>): QueuedGroup {
  return {
    queued,
    dropped,
    withDrops(result) {
      const all = { ...result.dropped };
      for (const [reason, n] of Object.entries(dropped) as [DropReason, number][]) all[reason] = (all[reason] ?? 0) + n;
      return { ...result, dropped: all };
    },
  };
}

/**
 * Queues the entries of one `writeBatch` call as a group under `idempotencyKey`, with sequence
 * numbers from `from`: all of them, or — when they do not fit the queue — none (counted drops).
 * An invalid entry refuses the whole group before any entry is counted (`invalid_entry`). The
 * entries the filters, `beforeSend` or the full queue dropped come back by reason, for the result.
 */
export function queueGroup(
  ctx: PipelineContext,
  inputs: readonly EntryInput[],
  idempotencyKey: unknown,
  entry: EntryContext,
  from: number,
): QueuedGroup {
  if (typeof idempotencyKey !== 'string' || !isIdempotencyKey(idempotencyKey) || idempotencyKey.length > 96)
    throw new LogFluxError('invalid_option', 'idempotencyKey must be 16 to 96 characters of A-Z a-z 0-9 _ -');
  const group: BatchGroup = { idempotencyKey };
  const prepared = inputs.map((input) => preparedEntry(input)); // throws before anything is counted
  const before = { ...ctx.ledger.stats.dropped };
  const queued: QueuedEntry[] = [];
  prepared.forEach(({ body, attributes }, i) => {
    // The lazily loaded parts are in (this module is one of them): admit answers at once.
    const item = admit(ctx, body, attributes, entry, from + i, group) as QueuedEntry | undefined;
    if (item) queued.push(item);
  });
  const dropped: Partial<Record<DropReason, number>> = {};
  for (const reason of DROP_REASONS) {
    const n = ctx.ledger.stats.dropped[reason] - before[reason];
    if (n > 0) dropped[reason] = n;
  }
  const bytes = queued.reduce((n, e) => n + e.json.length, 0);
  if (queued.length > 0 && !ctx.queue.fits(queued.length, bytes)) {
    const reason = overflowReason(ctx, queued[0] as QueuedEntry);
    ctx.ledger.drop(reason, queued.length);
    dropped[reason] = (dropped[reason] ?? 0) + queued.length;
    return grouped([], dropped);
  }
  ctx.queue.push(...queued);
  return grouped(queued, dropped);
}
