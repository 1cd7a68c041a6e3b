/**
 * The main-thread half of the record worker: logger integrations hand it typed records, and a
 * worker thread (recordWorker.ts) seals and delivers them with its own client. The application's
 * thread pays for building the record and one structured clone per batch; at process exit it
 * waits, bounded, until the thread has delivered or spooled what it was given.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import type { FlushResult } from '@logflux/core';
import { DropTally } from './dropTally.js';
import { type LogRecord, recordAttributes } from './logRecord.js';
import { attachProcessHooks } from './processHooks.js';
import { ReadySignal } from './readySignal.js';
import { type HostMessage, type RecordWorkerData, STATE, STATE_SLOTS, type WorkerMessage, waitForDrain } from './recordProtocol.js';
import { type RecordWorker, type RecordWorkerOptions, type RecordWorkerStats, resolveHostOptions } from './recordWorkerOptions.js';
import { spawnRecordWorker, whyNotStarted, whyStopped } from './recordWorkerScript.js';
import type { WorkerProblem } from './workerClient.js';

export type { RecordWorker, RecordWorkerOptions, RecordWorkerStats } from './recordWorkerOptions.js';

const BATCH_RECORDS = 512;

const emptyResult = (): FlushResult => ({ acknowledged: 0, spooled: 0, dropped: {}, pending: 0 });

class RecordWorkerHost implements RecordWorker {
  private readonly worker: Worker | undefined;
  /** The thread's answers; read synchronously at exit, when the event loop no longer runs. */
  private readonly replies: MessagePort;
  private readonly state = new Int32Array(new SharedArrayBuffer(STATE_SLOTS * 4));
  private readonly diagnostic: (message: string) => void;
  private readonly exitTimeoutMs: number;
  private readonly maxBacklog: number;
  private status: RecordWorkerStats['state'] = 'starting';
  private buffer: LogRecord[] = [];
  private scheduled = false;
  private posted = 0;
  private sent = 0;
  private unflushed = false;
  private nextId = 1;
  private drains = 0;
  private refs = 0;
  private ending: Promise<FlushResult> | undefined;
  private readonly pending = new Map<number, (result: FlushResult) => void>();
  private readonly drops = new DropTally();
  private readonly readiness = new ReadySignal();
  private readonly detach: () => void;

  constructor(options: RecordWorkerOptions) {
    const resolved = resolveHostOptions(options);
    this.diagnostic = resolved.diagnostic;
    this.exitTimeoutMs = resolved.exitTimeoutMs;
    this.maxBacklog = resolved.maxBacklog;
    this.detach = attachProcessHooks({
      onExit: () => this.drainAtExit(),
      ...(resolved.handleSignals ? { deliverOnSignal: () => this.end() } : {}),
    });

    const { handleSignals: _main, ...logflux } = options.logflux ?? {};
    const channel = new MessageChannel();
    this.replies = channel.port1;
    const workerData: RecordWorkerData = { options: logflux, state: this.state, replies: channel.port2 };
    try {
      this.worker = spawnRecordWorker(options.workerScript, { workerData, transferList: [channel.port2] });
    } catch (error) {
      this.fail(whyNotStarted(error));
      return;
    }
    const worker = this.worker;
    this.replies.on('message', (message: WorkerMessage) => this.receive(message));
    this.replies.unref(); // the thread's ref (while a request waits) is what keeps the process alive
    worker.on('error', (error: Error) => this.fail(whyStopped(error)));
    worker.on('exit', () => this.fail({ errorClass: 'closed', message: 'the worker thread exited' }));
    // After the listeners: attaching a 'message' listener refs the thread again.
    worker.unref();
  }

  send(record: LogRecord): void {
    if (this.status === 'failed' || this.status === 'ended' || this.ending) {
      this.drops.count('closed');
      return;
    }
    if (((this.posted - Atomics.load(this.state, STATE.taken)) | 0) + this.buffer.length >= this.maxBacklog) {
      this.drops.count('queue_overflow');
      return;
    }
    this.buffer.push(record);
    if (this.buffer.length >= BATCH_RECORDS) this.post();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.post();
      });
    }
  }

  ready(): Promise<void> {
    if (this.readiness.settled) return this.readiness.promise;
    this.ref();
    return this.readiness.promise.finally(() => this.unref());
  }

  flush(options: { timeoutMs?: number } = {}): Promise<FlushResult> {
    this.unflushed = false;
    const { timeoutMs } = options;
    return this.request((id) => ({ op: 'flush', id, ...(typeof timeoutMs === 'number' ? { timeoutMs } : {}) })).then((result) => {
      if (result.pending > 0) this.unflushed = true; // still undecided: the exit drain must see to them
      return result;
    });
  }

  end(): Promise<FlushResult> {
    this.ending ??= this.request((id) => ({ op: 'end', id })).then((result) => {
      this.status = this.status === 'failed' ? 'failed' : 'ended';
      this.detach();
      this.replies.close();
      void this.worker?.terminate();
      return result;
    });
    return this.ending;
  }

  stats(): RecordWorkerStats {
    return { state: this.status, sent: this.sent, dropped: this.drops.totals() };
  }

  /** Posts the buffered records as one batch. */
  private post(): void {
    if (this.buffer.length === 0 || !this.worker || this.status === 'failed') return;
    const records = this.buffer;
    this.buffer = [];
    try {
      this.message({ op: 'records', records });
    } catch {
      // Something in the attributes cannot be cloned (a function deep inside, say): send their text.
      try {
        this.message({ op: 'records', records: records.map((r) => ({ ...r, attributes: recordAttributes(r.attributes) })) });
      } catch {
        this.drops.count('rejected', records.length);
        return;
      }
    }
    this.posted = (this.posted + records.length) | 0;
    this.sent += records.length;
    this.unflushed = true;
  }

  private message(message: HostMessage): void {
    this.worker?.postMessage(message);
  }

  /** Sends what is buffered, then a request; resolves with its answer plus the drops made here. */
  private request(make: (id: number) => HostMessage): Promise<FlushResult> {
    this.post();
    if (!this.worker || this.status === 'failed') return Promise.resolve(this.drops.addTo(emptyResult()));
    const id = this.nextId++;
    this.ref();
    return new Promise<FlushResult>((resolve) => {
      this.pending.set(id, (result) => {
        this.unref();
        resolve(this.drops.addTo(result));
      });
      this.message(make(id));
    });
  }

  private receive(message: WorkerMessage): void {
    switch (message.kind) {
      case 'ready':
        if (this.status === 'starting') this.status = 'running';
        this.readiness.settle(message.problem);
        return;
      case 'problem':
        this.diagnostic(`${message.problem.errorClass}: ${message.problem.message}`);
        return;
      case 'fatal':
        this.fail(message.problem);
        return;
      case 'done': {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
    }
  }

  /** The thread cannot take records (it never started, its client could not start, or it died). */
  private fail(problem: WorkerProblem): void {
    if (this.status === 'failed' || this.status === 'ended') return;
    this.status = 'failed';
    const lost = this.buffer.length + ((this.posted - Atomics.load(this.state, STATE.taken)) | 0);
    this.buffer = [];
    if (lost > 0) this.drops.count('closed', lost);
    this.diagnostic(`${problem.errorClass}: ${problem.message}; entries logged through this worker are dropped`);
    this.readiness.settle(problem);
    for (const resolve of this.pending.values()) resolve(emptyResult());
    this.pending.clear();
    this.detach();
    this.replies.close();
    void this.worker?.terminate();
  }

  /** At process exit (the event loop is gone): hand over the buffer and wait for the thread's drain. */
  private drainAtExit(): void {
    if (!this.worker || this.status === 'failed' || this.status === 'ended') return;
    this.post();
    const outcome = this.unflushed || this.pending.size > 0 ? this.waitForDrain() : 'idle';
    // What the thread said meanwhile (a problem that explains a loss, say) is still in the port.
    this.readReplies();
    if (outcome === 'timeout')
      this.diagnostic(`the worker thread did not finish delivering within ${this.exitTimeoutMs} ms of exit; what it held is lost`);
    const lost = outcome === 'drained' ? Atomics.load(this.state, STATE.lost) : 0;
    if (lost > 0) this.diagnostic(`${lost} entries could be neither delivered nor spooled before the process ended`);
  }

  /** Handles, without the event loop, what the thread has posted (until a 'fatal' closes the port). */
  private readReplies(): void {
    for (let m = receiveMessageOnPort(this.replies); m; m = this.status === 'failed' ? undefined : receiveMessageOnPort(this.replies))
      this.receive(m.message as WorkerMessage);
  }

  /** Asks the thread to drain and blocks until it has, it cannot (its client never started), or time is up. */
  private waitForDrain(): 'drained' | 'dead' | 'timeout' {
    const seq = ++this.drains;
    const deadline = Date.now() + this.exitTimeoutMs;
    // The thread may still be starting: it gets a point in time, leaving a fifth for the spool.
    this.message({ op: 'drain', seq, until: deadline - Math.floor(this.exitTimeoutMs / 5) });
    return waitForDrain(this.state, seq, deadline);
  }

  private ref(): void {
    if (this.refs++ === 0) this.worker?.ref();
  }

  private unref(): void {
    if (--this.refs === 0) this.worker?.unref();
  }
}

/**
 * Starts a worker thread running a LogFlux client and returns the handle that feeds it typed
 * records (see {@link RecordWorker}). Problems — options the thread cannot take, a client that
 * cannot start, a missing script, a crash — are reported once through `diagnostic` and counted;
 * they never throw into the application.
 */
export function startRecordWorker(options: RecordWorkerOptions = {}): RecordWorker {
  return new RecordWorkerHost(options);
}
