import type { Ledger, Outcome } from './ledger.js';
import type { QueuedEntry } from './queue.js';

/**
 * The ledger's accounting for spool records (loaded with the offline and exit parts, which alone
 * create records): entries of this process moved into a record, records of earlier processes met
 * in the spool, records answered for (settling their entries), and records split in two.
 */

/** Entries now wait in spool record `id`; they are settled when the record is answered for. */
export function spooledInto(ledger: Ledger, id: string, items: readonly QueuedEntry[]): void {
  ledger.spooled.set(
    id,
    items.map((i) => ({ seq: i.seq, at: i.at })),
  );
  ledger.remaining.set(id, items.length);
  ledger.journal?.settled(items.map((i) => i.seq)); // the record holds them now
}

/** A record from an earlier process, met in the spool: counted once in `stats().spool.entries`. */
export function noticeRecord(ledger: Ledger, id: string, entries: number): void {
  if (!ledger.remaining.has(id)) ledger.remaining.set(id, entries);
}

/**
 * Settles entries `from`..`to` (all by default) of spool record `id`; those at `failed` indices
 * (relative to `from`) are rejected, the others get `outcome`.
 */
export function settleRecord(
  ledger: Ledger,
  id: string,
  entries: number,
  outcome: Outcome,
  failed: readonly number[] = [],
  from = 0,
  to = entries,
): void {
  const slots = ledger.spooled.get(id);
  const bad = new Set(failed);
  const groups: Record<string, number[]> = {};
  const times: number[] = [];
  for (let i = from; i < to; i++) {
    const o = bad.has(i - from) ? 'rejected' : outcome;
    const slot = slots?.[i];
    if (slots) slots[i] = undefined;
    const seqs = groups[o] ?? [];
    groups[o] = seqs;
    seqs.push(slot?.seq ?? Number.POSITIVE_INFINITY);
    if (o === 'acknowledged' && slot) times.push(slot.at);
  }
  for (const [o, seqs] of Object.entries(groups)) {
    ledger.count(o as Outcome, seqs.length, () => times);
    ledger.credit(seqs, o as Outcome);
  }
  const left = (ledger.remaining.get(id) ?? entries) - (to - from);
  if (left > 0) ledger.remaining.set(id, left);
  else {
    ledger.remaining.delete(id);
    ledger.spooled.delete(id);
  }
}

/** Spool record `id` was replaced by records holding its entries `from`..`to`. */
export function splitRecordEntries(ledger: Ledger, id: string, parts: readonly { id: string; from: number; to: number }[]): void {
  const slots = ledger.spooled.get(id);
  ledger.spooled.delete(id);
  ledger.remaining.delete(id);
  for (const p of parts) {
    if (slots) ledger.spooled.set(p.id, slots.slice(p.from, p.to));
    ledger.remaining.set(p.id, p.to - p.from);
  }
}
