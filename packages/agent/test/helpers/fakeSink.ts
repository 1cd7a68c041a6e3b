/**
 * A destination for unit tests of inputs: it records what reaches it and, like the ingestor,
 * stores a batch once per idempotency key (`exactlyOnce`). Tests can make it fail, stall or fill.
 */
import { Destination } from '../../src/backpressure.js';
import type { BatchResult, EntryInput, Sink, SinkStatus } from '../../src/sink.js';

export class FakeSink implements Sink {
  readonly name = 'fake';
  readonly exactlyOnce = true;
  /** Every entry stored, in order (a batch re-sent under a known key is not stored again). */
  readonly stored: EntryInput[] = [];
  readonly keys = new Set<string>();
  calls = 0;
  /** The next `failures` calls answer with this drop reason instead of storing. */
  failures = 0;
  failReason = 'network_error';
  /** Answers wait for this promise when set. */
  hold: Promise<void> | undefined;
  fullness = 0;
  /** The queue bound it reports (inputs size their batches from it). */
  capacityEntries = 20_000;
  closed = false;

  async writeBatch(entries: EntryInput[], key: string): Promise<BatchResult> {
    this.calls++;
    if (this.failures > 0) {
      this.failures--;
      return { acknowledged: 0, spooled: 0, dropped: { [this.failReason]: entries.length }, pending: 0 };
    }
    if (!this.keys.has(key)) {
      this.keys.add(key);
      this.stored.push(...entries);
    }
    // Stored, but the answer is late (or never comes: a crash of the agent in this window).
    if (this.hold) await this.hold;
    return { acknowledged: entries.length, spooled: 0, dropped: {}, pending: 0 };
  }

  fill(): number {
    return this.fullness;
  }

  capacity(): { entries: number; bytes: number } {
    return { entries: this.capacityEntries, bytes: 32 * 1024 * 1024 };
  }

  blocked(): boolean {
    return false;
  }

  status(): SinkStatus {
    return {
      name: this.name,
      exactlyOnce: true,
      transport: 'up',
      handshake: 'ready',
      queued: { entries: 0, bytes: 0 },
      inFlight: 0,
      acknowledged: this.stored.length,
      spool: { records: 0, bytes: 0, entries: 0 },
      dropped: {},
    };
  }

  async close(): Promise<BatchResult> {
    this.closed = true;
    return { acknowledged: 0, spooled: 0, dropped: {}, pending: 0 };
  }

  /** Messages stored, in order. */
  messages(): string[] {
    return this.stored.map((e) => String(e.message ?? e.event ?? e.name));
  }
}

export function fakeDestination(sink = new FakeSink()): { sink: FakeSink; destination: Destination } {
  return { sink, destination: new Destination('default', sink, { highWater: 0.8, lowWater: 0.5 }) };
}

export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
