import type { Clock } from './platform.js';
import type { FlushReason } from './stats.js';

/**
 * When batches leave (Axiom's batch states, Datadog's named flush reasons): `idle` (nothing
 * waits), `scheduled` (a timer runs for `intervalMs` since the first entry queued), `flushing`
 * (requests in flight). A batch leaves when it is full (`size`/`bytes`), when the timer fires
 * (`interval`), on `flush()` (`manual`), at exit (`exit`) or after a spool replay (`replay`).
 * `onDue` is called, with the reason, whenever batches may leave.
 */
export function createFlushController(clock: Clock, intervalMs: number, onDue: (reason: FlushReason) => void) {
  let state: 'idle' | 'scheduled' | 'flushing' = 'idle';
  let timer: unknown;
  let wake: unknown;
  let requested = false;
  let stopped = false;

  function cancelTimer(): void {
    if (timer === undefined) return;
    clock.clearTimeout(timer);
    timer = undefined;
    if (state === 'scheduled') state = 'idle';
  }

  return {
    get state() {
      return state;
    },
    /** A batch is due for `reason`, or the reason it counts under; undefined when it should wait. */
    reasonToSend(full: boolean, reason: FlushReason): FlushReason | undefined {
      if (full || (reason !== 'size' && reason !== 'bytes')) return reason;
      return requested ? 'size' : undefined;
    },
    /** `flush()` or exit: everything queued goes now, without waiting for the timer. */
    request(): void {
      requested = true;
      cancelTimer();
    },
    /** Starts the interval timer, unless it runs already. */
    schedule(): void {
      if (timer !== undefined || stopped) return;
      state = 'scheduled';
      timer = clock.setTimeout(() => {
        timer = undefined;
        state = 'idle';
        onDue('interval');
      }, intervalMs);
    },
    get scheduled(): boolean {
      return timer !== undefined;
    },
    /** Calls `onDue('interval')` at `at` (the end of a pause), replacing an earlier wake-up. */
    wakeAt(at: number): void {
      if (stopped) return;
      if (wake !== undefined) clock.clearTimeout(wake);
      wake = clock.setTimeout(
        () => {
          wake = undefined;
          onDue('interval');
        },
        Math.max(0, at - clock.now()),
      );
    },
    /** Requests are in flight (true) or none is (false). */
    flushing(active: boolean): void {
      if (active) state = 'flushing';
      else if (state === 'flushing') state = 'idle';
    },
    /** The queue is empty: a `flush()` request is fulfilled. */
    drained(): void {
      requested = false;
    },
    stop(): void {
      stopped = true;
      cancelTimer();
      if (wake !== undefined) clock.clearTimeout(wake);
      wake = undefined;
    },
  };
}

export type FlushController = ReturnType<typeof createFlushController>;
