/**
 * `@logflux/winston-transport`: winston 3 → LogFlux. Entries are sealed in this process under a
 * session key only the customer's private key can unwrap.
 */
import { createLogFlux, type LogFluxNode, logRecord, type NodeClientOptions } from '@logflux/node';
import TransportStream from 'winston-transport';
import { type WinstonInfo, winstonRecord } from './record.js';

export { isLogFluxError, LogFluxError } from '@logflux/node';
export { winstonLevelToSyslog } from './levels.js';
export { type WinstonInfo, winstonRecord } from './record.js';
export { LogFluxWorkerTransport, type LogFluxWorkerTransportOptions } from './workerTransport.js';

export interface LogFluxTransportOptions extends TransportStream.TransportStreamOptions {
  /** An existing client to share; otherwise one is created from `logflux`. */
  client?: LogFluxNode;
  /**
   * Options of the client this transport creates (see `@logflux/node`); unset ones come from the
   * `LOGFLUX_*` environment variables. An invalid configuration never throws: it is reported once
   * on standard error and what is logged through the transport is dropped (counted).
   */
  logflux?: NodeClientOptions;
}

/**
 * A winston transport. Honours `level`, `format`, `silent`, `handleExceptions` and
 * `handleRejections` like any winston transport. `logger.end()` (and this transport's `finish`
 * event) resolve only after everything logged through it is delivered or definitively failed.
 */
export class LogFluxTransport extends TransportStream {
  readonly client: LogFluxNode;
  private readonly ownsClient: boolean;

  constructor(options: LogFluxTransportOptions = {}) {
    super(options);
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      this.client = createLogFlux(options.logflux ?? {});
      this.ownsClient = true;
    }
  }

  override log(info: WinstonInfo, callback: () => void): void {
    try {
      logRecord(this.client, winstonRecord(info, { formatted: Boolean(this.format) }));
    } catch {
      // the client never throws, but a hostile `info` object (getters) must not break logging either
    }
    setImmediate(() => this.emit('logged', info));
    callback();
  }

  /** Resolves once everything logged so far is acknowledged or definitively failed. */
  flush(): ReturnType<LogFluxNode['flush']> {
    return this.client.flush();
  }

  /** Resolves once the client's first handshake completed (the pin was checked); rejects with its error. */
  ready(): Promise<void> {
    return this.client.ready();
  }

  override _final(callback: (error?: Error | null) => void): void {
    const done = this.ownsClient ? this.client.close() : this.client.flush();
    done.then(
      () => callback(),
      (e: Error) => callback(e),
    );
  }

  override close(): void {
    if (this.ownsClient) void this.client.close();
    this.emit('close');
  }
}

export default LogFluxTransport;
