import type { EntryType } from '../limits.js';
import type { PlainRecord } from './sealer.js';

/** An entry waiting in the client: serialised at log time (a snapshot), sealed at send time. */
export interface QueuedEntry extends PlainRecord {
  /** Order of logging; flush() waits for everything up to a sequence number. */
  readonly seq: number;
  /** Clock time when logged, for latency measurement. */
  readonly at: number;
  /** Entries written together with `writeBatch` travel together, as requests under its key. */
  readonly group?: BatchGroup;
}

/** Entries of one `writeBatch` call (compared by identity). */
export interface BatchGroup {
  readonly idempotencyKey: string;
}

export interface QueueLimits {
  maxEntries: number;
  maxBytes: number;
}

/**
 * The bounded in-memory queue: capped in entries and in bytes of serialised JSON, oldest first.
 * `take` cuts the next batch, skipping entry types that are paused; a group (`writeBatch`) leaves
 * whole and alone.
 */
export function createQueue(limits: QueueLimits) {
  let items: QueuedEntry[] = [];
  let bytes = 0;

  function fits(entries: number, size: number): boolean {
    return items.length + entries <= limits.maxEntries && bytes + size <= limits.maxBytes;
  }

  return {
    get entries(): number {
      return items.length;
    },
    get bytes(): number {
      return bytes;
    },
    /** Whether `entries` more entries of `size` bytes in all would fit. */
    fits,
    /** Appends entries (callers check `fits` first). */
    push(...entries: QueuedEntry[]): void {
      for (const e of entries) {
        items.push(e);
        bytes += e.json.length;
      }
    },
    /**
     * The next batch: up to `maxEntries` entries and `maxBytes` bytes (at least one entry), oldest
     * first, leaving entries whose type `paused` holds back where they are.
     */
    take(maxEntries: number, maxBytes: number, paused?: (type: EntryType) => boolean): QueuedEntry[] {
      const batch: QueuedEntry[] = [];
      const held: QueuedEntry[] = [];
      let size = 0;
      let i = 0;
      while (i < items.length) {
        const e = items[i] as QueuedEntry;
        if (e.group !== undefined) {
          if (batch.length > 0) break; // a group leaves alone
          const group = groupAt(i);
          i += group.length;
          if (paused && group.some((g) => paused(g.type))) {
            held.push(...group);
            continue;
          }
          batch.push(...group);
          for (const g of group) size += g.json.length;
          break;
        }
        if (paused?.(e.type)) {
          held.push(e);
          i++;
          continue;
        }
        if (batch.length > 0 && (batch.length >= maxEntries || size + e.json.length > maxBytes)) break;
        batch.push(e);
        size += e.json.length;
        i++;
      }
      items = held.length === 0 ? items.slice(i) : [...held, ...items.slice(i)];
      bytes -= size;
      return batch;
    },
    /** Puts entries back (a failed handshake), in logging order. */
    requeue(entries: readonly QueuedEntry[]): void {
      items = [...entries, ...items].sort((a, b) => a.seq - b.seq);
      for (const e of entries) bytes += e.json.length;
    },
    /** Everything queued, oldest first (read only). */
    all(): readonly QueuedEntry[] {
      return items;
    },
    /** Removes and returns everything. */
    drain(): QueuedEntry[] {
      const all = items;
      items = [];
      bytes = 0;
      return all;
    },
    /** Entries logged from sequence number `from` up to `seq` that are still queued. */
    countUpTo(seq: number, from = 0): number {
      let n = 0;
      for (const e of items) if (e.seq <= seq && e.seq >= from) n++;
      return n;
    },
  };

  /** The run of entries of the group that starts at `start`. */
  function groupAt(start: number): QueuedEntry[] {
    const g = items[start]?.group;
    let end = start;
    while (end < items.length && items[end]?.group === g) end++;
    return items.slice(start, end);
  }
}

export type Queue = ReturnType<typeof createQueue>;
