import type { Sink } from './sink.js';

export type GateListener = (open: boolean) => void;

/**
 * The backpressure gate of one destination. It closes when the client's queue (or spool) is
 * `highWater` full and opens again below `lowWater`, polling the fill on a short unref'd timer
 * only while closed. Stream inputs stop reading while it is closed; UDP counts its drops.
 */
export class Gate {
  #open = true;
  #timer: NodeJS.Timeout | undefined;
  readonly #listeners = new Set<GateListener>();
  readonly #waiters = new Set<() => void>();

  constructor(
    private readonly fill: () => number,
    private readonly highWater: number,
    private readonly lowWater: number,
    private readonly pollMs = 20,
  ) {}

  get open(): boolean {
    return this.#open;
  }

  /** Re-evaluates the fill (call after handing entries over); returns whether the gate is open. */
  check(): boolean {
    if (this.#open && this.fill() >= this.highWater) {
      this.#open = false;
      this.#notify();
      this.#timer = setInterval(() => {
        if (this.fill() < this.lowWater) this.#reopen();
      }, this.pollMs);
      this.#timer.unref();
    }
    return this.#open;
  }

  #reopen(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#open = true;
    this.#notify();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener(this.#open);
    if (this.#open) {
      for (const wake of [...this.#waiters]) wake();
      this.#waiters.clear();
    }
  }

  /** Calls `listener(open)` on every change; returns the unsubscribe function. */
  onChange(listener: GateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when the gate is open. */
  whenOpen(): Promise<void> {
    if (this.#open) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.add(resolve));
  }

  /** Opens for good and stops polling (shutdown, so that nothing waits forever). */
  dispose(): void {
    if (!this.#open) this.#reopen();
    this.#listeners.clear();
  }
}

/** A destination as inputs see it: its current client (replaced on reload) and its gate. */
export class Destination {
  readonly gate: Gate;

  constructor(
    readonly name: string,
    public sink: Sink,
    backpressure: { highWater: number; lowWater: number },
  ) {
    this.gate = new Gate(() => this.sink.fill(), backpressure.highWater, backpressure.lowWater);
  }
}
