/**
 * The entry journal of crash-durable delivery (`durability: 'disk'` in Node; docs/delivery.md): a
 * runtime's append-only store where each entry is written, sealed, before the log call returns,
 * and where the pipeline notes which request each entry went into (under which idempotency key)
 * and when entries are settled. After a crash, {@link recoverJournal} turns what was not settled
 * into spool records: entries that went into a request keep its key — if that request was stored,
 * the ingestor answers it again without storing it twice — and the others get keys derived from
 * the journal, so that recovering twice stores them once too.
 */
import type { EntryType } from '../limits.js';
import { type BodyFormat, requestBody, type SealedPieces, splitBySize } from '../protocol/bodies.js';
import { JSON_CONTENT_TYPE } from '../protocol/endpoints.js';
import type { RandomSource } from '../providers.js';
import type { SpoolRecord } from './spool.js';

/** What the runtime stores (synchronously: when a call returns, a crash of the process cannot undo it). */
export interface EntryJournal {
  /** Entries, sealed: each with its sequence number, type, the request format and key id it was sealed for, and its piece. */
  entries(entries: readonly JournalEntry[]): void;
  /** Entries `seqs` are about to be sent in a request under `idempotencyKey`. */
  batch(idempotencyKey: string, seqs: readonly number[]): void;
  /** Entries `seqs` are settled: acknowledged, dropped, or in a spool record. */
  settled(seqs: readonly number[]): void;
}

export interface JournalEntry {
  seq: number;
  type: EntryType;
  format: BodyFormat;
  keyId: string;
  piece: string | Uint8Array;
}

/** A journal as read back: its records in the order they were written. */
export type JournalRecord =
  | { kind: 'entry'; entry: JournalEntry }
  | { kind: 'batch'; idempotencyKey: string; seqs: number[] }
  | { kind: 'settled'; seqs: number[] };

/** Consecutive runs of sequence numbers, `[first, last]` each: how batches and settlements are written. */
export function seqRanges(seqs: readonly number[]): [number, number][] {
  const sorted = [...seqs].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s === last[1] + 1) last[1] = s;
    else if (!last || s > last[1]) out.push([s, s]);
  }
  return out;
}

export function rangesToSeqs(ranges: readonly (readonly [number, number])[]): number[] {
  const out: number[] = [];
  for (const [a, b] of ranges) for (let s = a; s <= b && out.length < 10_000_000; s++) out.push(s);
  return out;
}

/**
 * The spool records that deliver what a crashed process's journal holds unsettled. `name`
 * identifies the journal (it derives the keys of entries that never went into a request);
 * `createdAt` orders the records before newer ones; requests stay within `maxRequestBytes`.
 */
export function recoverJournal(
  records: readonly JournalRecord[],
  options: { name: string; createdAt: number; maxRequestBytes: number; random: RandomSource },
): SpoolRecord[] {
  const entries = new Map<number, JournalEntry>();
  const keyOf = new Map<number, string>();
  const settled = new Set<number>();
  for (const r of records) {
    if (r.kind === 'entry') entries.set(r.entry.seq, r.entry);
    else if (r.kind === 'batch') for (const s of r.seqs) keyOf.set(s, r.idempotencyKey);
    else for (const s of r.seqs) settled.add(s);
  }
  // Entries grouped by the last request each went into, or by format and key id when they never did.
  const groups = new Map<string, { key: string | undefined; items: JournalEntry[] }>();
  for (const seq of [...entries.keys()].sort((a, b) => a - b)) {
    if (settled.has(seq)) continue;
    const e = entries.get(seq) as JournalEntry;
    const key = keyOf.get(seq);
    const group = key !== undefined ? `k:${key}:${e.format}` : `n:${e.format}:${e.keyId}`;
    const g = groups.get(group) ?? { key, items: [] };
    g.items.push(e);
    groups.set(group, g);
  }
  const out: SpoolRecord[] = [];
  let n = 0;
  for (const { key, items } of groups.values()) {
    const format = items[0]?.format ?? 'json';
    // A request that was sent is re-sent whole, under its key; the others are cut to size.
    const runs =
      key !== undefined
        ? [items]
        : splitBySize(
            items,
            items.map((i) => i.piece),
            format,
            options.maxRequestBytes,
          ).map((r) => r.items);
    for (const run of runs) {
      const idempotencyKey = key ?? `jr-${options.name}-${run[0]?.seq}`;
      const { body, contentType } = requestBody({ format, pieces: run.map((i) => i.piece) } as SealedPieces, options.random);
      out.push({
        id: `${options.createdAt.toString().padStart(15, '0')}-j${(n++).toString().padStart(5, '0')}-${idempotencyKey}`,
        idempotencyKey,
        body,
        ...(contentType !== JSON_CONTENT_TYPE ? { contentType } : {}),
        entries: run.length,
        entryTypes: [...new Set(run.map((i) => i.type))],
        createdAt: options.createdAt,
      });
    }
  }
  return out;
}
