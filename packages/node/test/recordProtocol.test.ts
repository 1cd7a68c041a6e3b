import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { STATE, STATE_SLOTS, waitForDrain } from '../src/recordProtocol.js';

/** A thread that stores `value` in the drained slot after a moment, as the record worker does. */
function storeLater(state: Int32Array, value: number): Worker {
  return new Worker(
    `const { workerData: { state, value, slot } } = require('node:worker_threads');
     setTimeout(() => { Atomics.store(state, slot, value); Atomics.notify(state, slot); }, 20);`,
    { eval: true, workerData: { state, value, slot: STATE.drained } },
  );
}

describe('waitForDrain: the exit wait on shared memory', () => {
  it('returns once the thread stores the sequence number, or -1 when its client never started', async () => {
    for (const [value, outcome] of [
      [3, 'drained'],
      [-1, 'dead'],
    ] as const) {
      const state = new Int32Array(new SharedArrayBuffer(STATE_SLOTS * 4));
      const worker = storeLater(state, value);
      expect(waitForDrain(state, 3, Date.now() + 30_000)).toBe(outcome);
      await worker.terminate();
    }
  });

  it('gives up at the deadline when nothing answers', () => {
    const state = new Int32Array(new SharedArrayBuffer(STATE_SLOTS * 4));
    expect(waitForDrain(state, 1, Date.now() + 20)).toBe('timeout');
  });
});
