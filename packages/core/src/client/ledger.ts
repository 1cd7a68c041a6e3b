import type { Emitter } from './events.js';
import type { Clock } from './platform.js';
import type { Queue, QueuedEntry } from './queue.js';
import { type ClientStats, type DropReason, emptyStats } from './stats.js';

/** What happened to the entries a flush() or close() waited for. */
export interface FlushResult {
  /** Stored by the ingestor. */
  acknowledged: number;
  /** Sealed and written to the spool; sent when the ingestor is reachable again. */
  spooled: number;
  /** Will never be stored, by reason. */
  dropped: Partial<Record<DropReason, number>>;
  /** Still undecided when the call returned (only after a timeout or a fatal error). */
  pending: number;
}

export type Outcome = 'acknowledged' | DropReason;

interface Waiter {
  /** The entries waited for: sequence numbers `from`..`target`. */
  from: number;
  target: number;
  result: FlushResult;
  resolve: (result: FlushResult) => void;
}

/** An entry of this process inside a spool record: only what accounting needs (no plaintext). */
export type SpooledSlot = { seq: number; at: number } | undefined;

/**
 * Where every entry stands, and the counters of `stats()`: entries taken off the queue and not
 * settled, entries waiting in spool records, final outcomes, and the flush() waiters they settle.
 * What changes the spool records' entries is spoolLedger.ts (with the offline parts).
 */
export function createLedger(
  queue: Queue,
  clock: Clock,
  emitter: Emitter,
  pinned: boolean,
  fatal: () => boolean,
  /** Told when entries of this process are settled or spooled (crash-durable mode: durable.ts). */
  journal?: { settled(seqs: readonly number[]): void },
) {
  const stats: ClientStats = emptyStats(pinned);
  const active = new Set<readonly QueuedEntry[]>();
  /** This process's entries by spool record id. */
  const spooled = new Map<string, SpooledSlot[]>();
  /** Entries not yet settled per spool record (this process's and earlier ones met in replay). */
  const remaining = new Map<string, number>();
  let waiters: Waiter[] = [];

  function drop(reason: DropReason, count = 1): void {
    if (count <= 0) return;
    stats.dropped[reason] += count;
    emitter.emit('drop', reason, count);
  }

  function count(outcome: Outcome, n: number, loggedAt: () => number[]): void {
    if (n <= 0) return;
    if (outcome !== 'acknowledged') {
      drop(outcome, n);
      return;
    }
    stats.acknowledged += n;
    if (emitter.has('acknowledged')) emitter.emit('acknowledged', loggedAt(), clock.now());
  }

  function credit(seqs: readonly number[], outcome: Outcome): void {
    for (const w of waiters) {
      let n = 0;
      for (const s of seqs) if (s <= w.target && s >= w.from) n++;
      if (n === 0) continue;
      if (outcome === 'acknowledged') w.result.acknowledged += n;
      else w.result.dropped[outcome] = (w.result.dropped[outcome] ?? 0) + n;
    }
  }

  function unsettledUpTo(target: number, from = 0): number {
    let n = queue.countUpTo(target, from);
    for (const items of active) for (const i of items) if (i.seq <= target && i.seq >= from) n++;
    return n;
  }

  function spooledUpTo(target: number, from = 0): number {
    let n = 0;
    for (const slots of spooled.values()) for (const s of slots) if (s && s.seq <= target && s.seq >= from) n++;
    return n;
  }

  const ledger = {
    stats,
    drop,
    /** This process's entries by spool record id, and the entries not yet settled per record (spoolLedger.ts keeps them). */
    spooled,
    remaining,
    count,
    credit,
    journal,
    /** Entries taken off the queue for delivery, until `finish`. */
    begin(items: readonly QueuedEntry[]): void {
      active.add(items);
    },
    finish(items: readonly QueuedEntry[]): void {
      active.delete(items);
    },
    inFlight(): number {
      let n = 0;
      for (const items of active) n += items.length;
      return n;
    },
    /** Final outcomes for entries of this process. */
    settle(items: readonly QueuedEntry[], outcome: Outcome): void {
      if (journal && items.length > 0) journal.settled(items.map((i) => i.seq));
      count(outcome, items.length, () => items.map((i) => i.at));
      credit(
        items.map((i) => i.seq),
        outcome,
      );
    },
    spoolEntries(): number {
      let n = 0;
      for (const v of remaining.values()) n += v;
      return n;
    },
    /**
     * Resolves when every entry logged from `from` to `target` is settled or spooled (see `check`),
     * or after `timeoutMs` with what is still pending. The host stays alive meanwhile for up to `holdMs`.
     */
    wait(target: number, from = 0, timeoutMs?: number, holdMs?: number): Promise<FlushResult> {
      return new Promise((resolve) => {
        const timer = timeoutMs === undefined ? undefined : clock.setTimeout(() => ledger.check(true), timeoutMs);
        // Someone awaits this: the host stays alive until it settles, for up to `holdMs` (the
        // client's own timers never keep it alive, and an unreachable ingestor must not either).
        const release = holdMs === undefined ? undefined : clock.hold?.();
        const cap = release ? clock.setTimeout(release, holdMs as number) : undefined;
        const done = (r: FlushResult) => {
          if (timer !== undefined) clock.clearTimeout(timer);
          if (cap !== undefined) clock.clearTimeout(cap);
          release?.();
          resolve(r);
        };
        waiters.push({ from, target, resolve: done, result: { acknowledged: 0, spooled: 0, dropped: {}, pending: 0 } });
      });
    },
    /**
     * Resolves the waiters that are done — or all of them when sending is stuck (a fatal error, a
     * refused API key) or `force` (a timeout).
     */
    check(force = false): void {
      if (waiters.length === 0) return;
      const stuck = force || fatal() || stats.transport === 'unauthorized';
      waiters = waiters.filter((w) => {
        const pending = unsettledUpTo(w.target, w.from);
        const inSpool = spooledUpTo(w.target, w.from);
        if (pending + inSpool > 0 && !stuck) return true;
        w.resolve({ ...w.result, spooled: inSpool, pending });
        return false;
      });
    },
    unsettledUpTo,
  };
  return ledger;
}

export type Ledger = ReturnType<typeof createLedger>;
