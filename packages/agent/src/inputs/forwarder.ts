import type { Destination } from '../backpressure.js';
import type { InputCounters } from '../counters.js';
import type { AgentLog } from '../log.js';
import { randomKey } from '../secret.js';
import type { EntryInput } from '../sink.js';

export interface ForwarderOptions {
  /** Entries per batch. */
  maxEntries: number;
  /** Approximate bytes per batch. */
  maxBytes: number;
  /** A batch leaves at most this long after its first entry. */
  maxDelayMs: number;
  /** Batches handed to the client and not settled yet; at this many the input pauses. */
  maxOutstanding: number;
}

/** 1,000 entries: the ingestor's largest batch; each batch is one request. */
const DEFAULTS: ForwarderOptions = { maxEntries: 1000, maxBytes: 512 * 1024, maxDelayMs: 100, maxOutstanding: 8 };

/**
 * Collects a stream input's entries into batches and hands each to its destination's client
 * (`writeBatch`, under a fresh key), adding the outcome to the input's counters. `paused` is
 * true while the destination's gate is closed or too many batches are outstanding; stream inputs
 * stop reading then, and `onChange` tells them when to resume.
 */
export class Forwarder {
  readonly #options: ForwarderOptions;
  #batch: EntryInput[] = [];
  #bytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #outstanding = 0;
  /** Full batches waiting for the gate: never handed to a client whose queue is full. */
  #held: EntryInput[][] = [];
  #wasPaused = false;
  readonly #listeners = new Set<(paused: boolean) => void>();
  readonly #idle = new Set<() => void>();
  readonly #unsubscribe: () => void;

  constructor(
    private readonly destination: Destination,
    private readonly counters: InputCounters,
    private readonly log: AgentLog,
    options: Partial<ForwarderOptions> = {},
  ) {
    // A batch stays a small part of the client's queue, so that handing one over never overflows it.
    const cap = destination.sink.capacity();
    this.#options = {
      ...DEFAULTS,
      maxEntries: Math.max(1, Math.min(DEFAULTS.maxEntries, Math.floor(cap.entries / 20))),
      maxBytes: Math.max(1024, Math.min(DEFAULTS.maxBytes, Math.floor(cap.bytes / 20))),
      ...options,
    };
    this.#unsubscribe = destination.gate.onChange(() => this.#changed());
  }

  get paused(): boolean {
    return !this.destination.gate.open || this.#outstanding >= this.#options.maxOutstanding;
  }

  /** Calls `listener(paused)` whenever `paused` flips. */
  onChange(listener: (paused: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    while (this.#held.length > 0 && !this.paused) this.#send(this.#held.shift() as EntryInput[]);
    const now = this.paused;
    if (now === this.#wasPaused) return;
    this.#wasPaused = now;
    for (const listener of [...this.#listeners]) listener(now);
  }

  /** Queues one entry; `bytes` is its approximate size (the line's length will do). */
  push(entry: EntryInput, bytes: number): void {
    this.#batch.push(entry);
    this.#bytes += bytes;
    if (this.#batch.length >= this.#options.maxEntries || this.#bytes >= this.#options.maxBytes) this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), this.#options.maxDelayMs);
      this.#timer.unref();
    }
  }

  /** Hands the current batch over now (or holds it while paused). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    this.#bytes = 0;
    if (this.paused || this.#held.length > 0) this.#held.push(batch);
    else this.#send(batch);
  }

  #send(batch: EntryInput[]): void {
    this.#outstanding++;
    const sink = this.destination.sink;
    sink
      .writeBatch(batch, randomKey())
      .then(
        (result) => this.counters.settle(result),
        (error: unknown) => {
          this.log.warn(`a batch of ${batch.length} entries failed: ${(error as Error)?.message}`);
          this.counters.drop('failed', batch.length);
        },
      )
      .finally(() => {
        this.#outstanding--;
        this.destination.gate.check();
        this.#changed();
        if (this.#outstanding === 0 && this.#held.length === 0) for (const wake of [...this.#idle]) wake();
      });
    this.destination.gate.check();
    this.#changed();
  }

  /** Hands the current batch over and resolves once every batch has an outcome. */
  async drain(): Promise<void> {
    this.flush();
    if (this.#outstanding > 0 || this.#held.length > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#idle.delete(wake);
          resolve();
        };
        this.#idle.add(wake);
      });
    }
  }

  /** Batches handed over and not settled, and batches held back, as entries. */
  get pending(): number {
    return this.#outstanding + this.#held.reduce((n, b) => n + b.length, 0);
  }

  dispose(): void {
    this.#unsubscribe();
    this.#listeners.clear();
  }
}
