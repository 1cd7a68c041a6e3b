import type { BatchResult } from './sink.js';

export interface CountersSnapshot {
  /** Entries (lines, messages, JSON objects) the input read. */
  received: number;
  /** Entries the ingestor acknowledged. */
  forwarded: number;
  /** Entries sealed into the destination's encrypted spool, to be sent when it is reachable. */
  spooled: number;
  /** Entries that will never be stored, by reason. */
  dropped: Record<string, number>;
  /** Requests refused before any entry was read (HTTP: unauthorized, busy, too large), by reason. */
  refused: Record<string, number>;
  /** C SDK lines that were not JSON but were read by its layout (docs/agent.md). */
  salvaged: number;
  /** Entries cut at the input's line or message size cap (still forwarded, marked `truncated`). */
  truncated: number;
  /** File records the parser could not read: forwarded as plain text all the same. */
  unparsed: number;
  /** Connections accepted (stream inputs) or requests served (HTTP). */
  connections: number;
}

/** The counters of one input; every entry read ends up forwarded, spooled or dropped by a reason. */
export class InputCounters {
  received = 0;
  forwarded = 0;
  spooled = 0;
  salvaged = 0;
  truncated = 0;
  unparsed = 0;
  connections = 0;
  readonly dropped: Record<string, number> = {};
  readonly refused: Record<string, number> = {};

  refuse(reason: string): void {
    this.refused[reason] = (this.refused[reason] ?? 0) + 1;
  }

  drop(reason: string, count = 1): void {
    if (count > 0) this.dropped[reason] = (this.dropped[reason] ?? 0) + count;
  }

  /** Adds the outcome of one batch; entries still pending count as dropped `undelivered`. */
  settle(result: BatchResult): void {
    this.forwarded += result.acknowledged;
    this.spooled += result.spooled;
    for (const [reason, n] of Object.entries(result.dropped)) this.drop(reason, n);
    this.drop('undelivered', result.pending);
  }

  snapshot(): CountersSnapshot {
    return {
      received: this.received,
      forwarded: this.forwarded,
      spooled: this.spooled,
      dropped: { ...this.dropped },
      refused: { ...this.refused },
      salvaged: this.salvaged,
      truncated: this.truncated,
      unparsed: this.unparsed,
      connections: this.connections,
    };
  }
}
