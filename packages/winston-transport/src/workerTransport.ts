import { type FlushResult, type RecordWorker, startRecordWorker, type WorkerClientOptions } from '@logflux/node';
import TransportStream from 'winston-transport';
import { type WinstonInfo, winstonRecord } from './record.js';

/** Options of {@link LogFluxWorkerTransport}: winston's transport options, plus these. */
export interface LogFluxWorkerTransportOptions extends TransportStream.TransportStreamOptions {
  /**
   * Options of the client in the worker thread (see `@logflux/node`). They travel to the thread,
   * so no functions (no `beforeSend`, no `onError`: problems are reported on standard error).
   * Options left out here come from the `LOGFLUX_*` environment variables, field by field
   * (docs/configuration.md). On SIGTERM/SIGINT it delivers, then raises the signal again when no
   * other listener is left (`handleSignals`, default true).
   */
  logflux?: WorkerClientOptions;
  /**
   * The worker thread's script, for bundled applications: the path of your bundled copy of
   * `@logflux/node`'s `dist/recordWorker.js` (see the README, "Bundled applications").
   */
  workerScript?: string | URL;
  /** How long process exit waits for the worker to deliver or spool what it holds (default 5000 ms). */
  exitTimeoutMs?: number;
  /**
   * Was the path of the pino transport's worker. Ignored now, with one diagnostic.
   * @deprecated The worker is no longer pino's; bundled applications pass `workerScript` instead.
   */
  target?: string;
}

/**
 * A winston transport that keeps this thread's cost to building one record per entry: sealing and
 * delivery run in a worker thread (`@logflux/node`'s record worker). `logger.end()` finishes once
 * the worker has delivered and stopped; at process exit — `process.exit()`, an uncaught exception,
 * the end of the program — the exit waits (up to `exitTimeoutMs`) until the worker has delivered
 * or spooled everything. Nothing it does throws into the application.
 */
export class LogFluxWorkerTransport extends TransportStream {
  private readonly worker: RecordWorker;

  constructor(options: LogFluxWorkerTransportOptions = {}) {
    super(options);
    if (options.target !== undefined)
      process.stderr.write('logflux: LogFluxWorkerTransport ignores `target` (deprecated); bundled applications pass `workerScript`\n');
    this.worker = startRecordWorker({
      ...(options.logflux !== undefined ? { logflux: options.logflux } : {}),
      ...(options.workerScript !== undefined ? { workerScript: options.workerScript } : {}),
      ...(options.exitTimeoutMs !== undefined ? { exitTimeoutMs: options.exitTimeoutMs } : {}),
    });
  }

  override log(info: WinstonInfo, callback: () => void): void {
    try {
      this.worker.send(winstonRecord(info, { formatted: Boolean(this.format), ts: Date.now() }));
    } catch {
      // a hostile `info` object (throwing getters) must not break the application's logging
    }
    setImmediate(() => this.emit('logged', info));
    callback();
  }

  /**
   * Resolves once everything logged so far is delivered, spooled or definitively dropped, saying
   * which; early, with `pending`, after a fatal error or `timeoutMs`.
   */
  flush(options: { timeoutMs?: number } = {}): Promise<FlushResult> {
    return this.worker.flush(options);
  }

  /** Resolves once the worker's first handshake completed (the pin was checked); rejects with its error. */
  ready(): Promise<void> {
    return this.worker.ready();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.worker.end().then(
      () => callback(),
      () => callback(),
    );
  }

  override close(): void {
    void this.worker.end();
    this.emit('close');
  }
}
