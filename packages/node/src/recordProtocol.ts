/** The messages between a {@link RecordWorker} host and its thread (recordWorker.ts), and their shared state. */
import type { MessagePort } from 'node:worker_threads';
import type { FlushResult } from '@logflux/core';
import type { LogRecord } from './logRecord.js';
import type { WorkerClientOptions, WorkerProblem } from './workerClient.js';

/** What the thread starts with (its `workerData`). */
export interface RecordWorkerData {
  options: WorkerClientOptions | undefined;
  /** An Int32Array over a SharedArrayBuffer, indexed by {@link STATE}. */
  state: Int32Array;
  /** Where the thread posts its {@link WorkerMessage}s. */
  replies: MessagePort;
}

/** Slots of the shared state. Counters wrap around at 2^32; compare them with `(a - b) | 0`. */
export const STATE = {
  /** Records the thread has handed to its client. */
  taken: 0,
  /** Sequence number of the last exit drain the thread has finished. */
  drained: 1,
  /** Entries that drain could neither deliver nor spool. */
  lost: 2,
} as const;
export const STATE_SLOTS = 3;

/** Host → thread. Messages are handled in order, so a flush covers every batch posted before it. */
export type HostMessage =
  | { op: 'records'; records: LogRecord[] }
  | { op: 'flush'; id: number; timeoutMs?: number }
  | { op: 'end'; id: number }
  /** At process exit: deliver until `until` (epoch ms), spool the rest, then store `seq` in STATE.drained. */
  | { op: 'drain'; seq: number; until: number };

/** Thread → host. */
export type WorkerMessage =
  /** The first handshake finished (`problem` when it failed). */
  | { kind: 'ready'; problem?: WorkerProblem }
  /** A problem the client met and handled; each error class is sent once. */
  | { kind: 'problem'; problem: WorkerProblem }
  /** The client could not start: the thread takes nothing more and exits. */
  | { kind: 'fatal'; problem: WorkerProblem }
  /** The answer to a `flush` or `end`. */
  | { kind: 'done'; id: number; result: FlushResult };

/**
 * Blocks this thread until the record worker has stored `seq` in STATE.drained (`drained`), has
 * stored -1 there (`dead`: its client never started), or `deadline` (epoch ms) has passed.
 */
export function waitForDrain(state: Int32Array, seq: number, deadline: number): 'drained' | 'dead' | 'timeout' {
  for (;;) {
    const seen = Atomics.load(state, STATE.drained);
    if (seen === seq) return 'drained';
    if (seen === -1) return 'dead';
    const left = deadline - Date.now();
    if (left <= 0) return 'timeout';
    Atomics.wait(state, STATE.drained, seen, left);
  }
}
