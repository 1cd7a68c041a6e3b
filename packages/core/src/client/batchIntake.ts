import { LogFluxError } from '../errors.js';
import { isIdempotencyKey } from '../protocol/idempotencyRules.js';
import type { PipelineContext } from './context.js';
import type { EntryInput } from './entries.js';
import type { EntryContext } from './entryBuilder.js';
import { admit, overflowReason } from './intake.js';
import type { BatchGroup, QueuedEntry } from './queue.js';
import { preparedEntry } from './typedEntries.js';

/**
 * The intake of `writeBatch` (a collector's call, rare in a page), loaded with the offline parts
 * (deferred.ts): a group of prepared entries queued under one idempotency key.
 */

/**
 * Queues the entries of one `writeBatch` call as a group under `idempotencyKey`, with sequence
 * numbers from `from`: all of them, or — when they do not fit the queue — none (counted drops).
 */
export function queueGroup(
  ctx: PipelineContext,
  inputs: readonly EntryInput[],
  idempotencyKey: unknown,
  entry: EntryContext,
  from: number,
): QueuedEntry[] {
  if (typeof idempotencyKey !== 'string' || !isIdempotencyKey(idempotencyKey) || idempotencyKey.length > 96)
    throw new LogFluxError('invalid_option', 'idempotencyKey must be 16 to 96 characters of A-Z a-z 0-9 _ -');
  const group: BatchGroup = { idempotencyKey };
  const queued: QueuedEntry[] = [];
  inputs.forEach((input, i) => {
    const { body, attributes } = preparedEntry(input);
    // The lazily loaded parts are in (this module is one of them): admit answers at once.
    const item = admit(ctx, body, attributes, entry, from + i, group) as QueuedEntry | undefined;
    if (item) queued.push(item);
  });
  const bytes = queued.reduce((n, e) => n + e.json.length, 0);
  if (queued.length > 0 && !ctx.queue.fits(queued.length, bytes)) {
    ctx.ledger.drop(overflowReason(ctx, queued[0] as QueuedEntry), queued.length);
    return [];
  }
  ctx.queue.push(...queued);
  return queued;
}
