/**
 * The main-thread half of the record worker: logger integrations hand it typed records, and a
 * worker thread (recordWorker.ts) seals and delivers them with its own client. The application's
 * thread pays for building the record and one structured clone per batch; at process exit it
 * waits, bounded, until the thread has delivered or spooled what it was given.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import { CLIENT_DEFAULTS, type DropReason, type ErrorClass, type FlushResult, LogFluxError } from '@logflux/core';
import { type LogRecord, recordAttributes } from './logRecord.js';
import { type HostMessage, type RecordWorkerData, STATE, STATE_SLOTS, type WorkerMessage } from './recordProtocol.js';
import { spawnRecordWorker } from './recordWorkerScript.js';
import type { WorkerClientOptions, WorkerProblem } from './workerClient.js';

/** Options of {@link startRecordWorker}. */
export interface RecordWorkerOptions {
  /** Options of the thread's client; they are structured-cloned to it, so no functions. */
  logflux?: WorkerClientOptions;
  /** Deliver on SIGTERM/SIGINT, then let the signal take its course. Default: `logflux.handleSignals`, else false. */
  handleSignals?: boolean;
  /** How long process exit waits for the thread to deliver or spool what it holds (default 5000 ms). */
  exitTimeoutMs?: number;
  /** The thread's script, for bundled applications (default: `recordWorker.js` beside this module). */
  workerScript?: string | URL;
  /** Where diagnostics go (default: standard error, prefixed `logflux:`). Never given secrets. */
  diagnostic?: (message: string) => void;
}

/** What {@link RecordWorker.stats} counts on the application's thread. */
export interface RecordWorkerStats {
  /** `failed` once the thread could not start or stopped; records are then dropped as `closed`. */
  state: 'starting' | 'running' | 'failed' | 'ended';
  /** Records handed to the thread. */
  sent: number;
  /** Records dropped here: `queue_overflow` (the thread fell behind), `closed` (no thread to take them), `rejected` (not cloneable). */
  dropped: Partial<Record<DropReason, number>>;
}

/** A worker thread running a LogFlux client, fed with typed records. Nothing it does throws. */
export interface RecordWorker {
  /** Queues a record; batches leave once per tick (or every 512 records). */
  send(record: LogRecord): void;
  /** Resolves once the thread's first handshake completed; rejects with its error. */
  ready(): Promise<void>;
  /**
   * Resolves when every record sent before the call is delivered, spooled or dropped, saying which;
   * early, with `pending`, after a fatal error or `timeoutMs`. The thread keeps the process alive meanwhile.
   */
  flush(options?: { timeoutMs?: number }): Promise<FlushResult>;
  /** Delivers what is left (up to the client's `closeTimeoutMs`), then stops the thread. */
  end(): Promise<FlushResult>;
  /** The thread's state and what this side handed over or dropped (the client's own counters stay in the thread). */
  stats(): RecordWorkerStats;
}

const BATCH_RECORDS = 512;
const emptyResult = (): FlushResult => ({ acknowledged: 0, spooled: 0, dropped: {}, pending: 0 });
const stderr = (message: string) => {
  process.stderr.write(`logflux: ${message}\n`);
};

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
  private readonly dropped: Partial<Record<DropReason, number>> = {};
  private unreported: Partial<Record<DropReason, number>> = {};
  private readonly readyPromise: Promise<void>;
  private settleReady: (problem?: WorkerProblem) => void = () => {};
  private readySettled = false;
  private readonly detach: () => void;

  constructor(options: RecordWorkerOptions) {
    this.diagnostic = options.diagnostic ?? stderr;
    this.exitTimeoutMs = Math.max(0, options.exitTimeoutMs ?? 5000);
    const max = options.logflux?.maxQueueEntries;
    this.maxBacklog = typeof max === 'number' && max >= 1 ? max : CLIENT_DEFAULTS.maxQueueEntries;
    this.readyPromise = new Promise<void>((resolve, reject) => {
      this.settleReady = (problem) => {
        if (this.readySettled) return;
        this.readySettled = true;
        if (problem) reject(new LogFluxError(problem.errorClass as ErrorClass, problem.message));
        else resolve();
      };
    });
    this.readyPromise.catch(() => {});

    const onExit = () => this.drainAtExit();
    const onSignal = (signal: NodeJS.Signals) => {
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGINT', onSignal);
      void this.end().finally(() => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    const signals = options.handleSignals ?? options.logflux?.handleSignals === true;
    process.on('exit', onExit);
    if (signals) {
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    }
    this.detach = () => {
      process.removeListener('exit', onExit);
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGINT', onSignal);
    };

    const { handleSignals: _main, ...logflux } = options.logflux ?? {};
    const channel = new MessageChannel();
    this.replies = channel.port1;
    const workerData: RecordWorkerData = { options: logflux, state: this.state, replies: channel.port2 };
    try {
      this.worker = spawnRecordWorker(options.workerScript, { workerData, transferList: [channel.port2] });
    } catch (error) {
      const clone = error instanceof Error && error.name === 'DataCloneError';
      this.fail({
        errorClass: 'invalid_option',
        message: clone
          ? 'the client options cannot be sent to the worker thread (functions such as onError or beforeSend are not supported)'
          : `the worker thread could not start (${error instanceof Error ? error.message : 'unknown failure'})`,
      });
      return;
    }
    const worker = this.worker;
    this.replies.on('message', (message: WorkerMessage) => this.receive(message));
    this.replies.unref(); // the thread's ref (while a request waits) is what keeps the process alive
    worker.on('error', (error: Error) =>
      this.fail({ errorClass: 'closed', message: `the worker thread stopped (${error.name}: ${error.message.split('\n')[0]})` }),
    );
    worker.on('exit', () => this.fail({ errorClass: 'closed', message: 'the worker thread exited' }));
    // After the listeners: attaching a 'message' listener refs the thread again.
    worker.unref();
  }

  send(record: LogRecord): void {
    if (this.status === 'failed' || this.status === 'ended' || this.ending) {
      this.drop('closed');
      return;
    }
    if (((this.posted - Atomics.load(this.state, STATE.taken)) | 0) + this.buffer.length >= this.maxBacklog) {
      this.drop('queue_overflow');
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
    if (this.readySettled) return this.readyPromise;
    this.ref();
    return this.readyPromise.finally(() => this.unref());
  }

  flush(options: { timeoutMs?: number } = {}): Promise<FlushResult> {
    this.unflushed = false;
    const { timeoutMs } = options;
    return this.request((id) => ({ op: 'flush', id, ...(typeof timeoutMs === 'number' ? { timeoutMs } : {}) }));
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
    return { state: this.status, sent: this.sent, dropped: { ...this.dropped } };
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
        this.drop('rejected', records.length);
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
    const withDrops = (result: FlushResult): FlushResult => {
      const dropped = { ...result.dropped };
      for (const [reason, n] of Object.entries(this.unreported) as [DropReason, number][]) dropped[reason] = (dropped[reason] ?? 0) + n;
      this.unreported = {};
      return { ...result, dropped };
    };
    if (!this.worker || this.status === 'failed') return Promise.resolve(withDrops(emptyResult()));
    const id = this.nextId++;
    this.ref();
    return new Promise<FlushResult>((resolve) => {
      this.pending.set(id, (result) => {
        this.unref();
        resolve(withDrops(result));
      });
      this.message(make(id));
    });
  }

  private receive(message: WorkerMessage): void {
    switch (message.kind) {
      case 'ready':
        if (this.status === 'starting') this.status = 'running';
        this.settleReady(message.problem);
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
    if (lost > 0) this.drop('closed', lost);
    this.diagnostic(`${problem.errorClass}: ${problem.message}; entries logged through this worker are dropped`);
    this.settleReady(problem);
    for (const resolve of this.pending.values()) resolve(emptyResult());
    this.pending.clear();
    this.detach();
    this.replies.close();
    void this.worker?.terminate();
  }

  private drop(reason: DropReason, count = 1): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + count;
    this.unreported[reason] = (this.unreported[reason] ?? 0) + count;
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
    for (;;) {
      const seen = Atomics.load(this.state, STATE.drained);
      if (seen === seq) return 'drained';
      if (seen === -1) return 'dead';
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      Atomics.wait(this.state, STATE.drained, seen, left);
    }
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
