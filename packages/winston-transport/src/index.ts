/**
 * `@logflux/winston-transport`: winston 3 → LogFlux. Entries are sealed in this process under a
 * session key only the customer's private key can unwrap.
 */
import { LogFluxNode, type NodeClientOptions } from '@logflux/node';
import TransportStream from 'winston-transport';
import { winstonLevelToSyslog } from './levels.js';

export { winstonLevelToSyslog } from './levels.js';
export { LogFluxWorkerTransport, type LogFluxWorkerTransportOptions } from './workerTransport.js';

export interface LogFluxTransportOptions extends TransportStream.TransportStreamOptions {
  /** An existing client to share; otherwise one is created from `logflux`. */
  client?: LogFluxNode;
  /** Options of the client this transport creates (see `@logflux/node`). */
  logflux?: NodeClientOptions;
}

const MESSAGE = Symbol.for('message');
const RESERVED = new Set(['level', 'message', 'stack', 'timestamp', 'error', 'cause']);

type Info = Record<string | symbol, unknown> & { level: string; message?: unknown };

function errorOf(info: Info): Error | undefined {
  if (info instanceof Error) return info;
  if (info.error instanceof Error) return info.error;
  if (info.message instanceof Error) return info.message;
  if (typeof info.stack === 'string') {
    const e = new Error(typeof info.message === 'string' ? info.message : '');
    e.stack = info.stack;
    if (typeof info.name === 'string') e.name = info.name;
    if (info.cause !== undefined) (e as Error & { cause?: unknown }).cause = info.cause;
    return e;
  }
  return undefined;
}

function attributesOf(info: Info): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(info)) {
    if (RESERVED.has(key)) continue;
    const v = info[key];
    if (v === undefined || typeof v === 'function') continue;
    out[key] = typeof v === 'string' ? v : v instanceof Error ? `${v.name}: ${v.message}` : JSON.stringify(v);
  }
  return out;
}

/**
 * A winston transport. Honours `level`, `format`, `silent`, `handleExceptions` and
 * `handleRejections` like any winston transport. `logger.end()` (and this transport's `finish`
 * event) resolve only after everything logged through it is delivered or definitively failed.
 */
export class LogFluxTransport extends TransportStream {
  readonly client: LogFluxNode;
  private readonly ownsClient: boolean;

  constructor(options: LogFluxTransportOptions) {
    super(options);
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      if (!options.logflux) throw new TypeError('LogFluxTransport needs `client` or `logflux` options');
      this.client = new LogFluxNode(options.logflux);
      this.ownsClient = true;
    }
  }

  override log(info: Info, callback: () => void): void {
    try {
      const level = winstonLevelToSyslog(info.level);
      const attributes = attributesOf(info);
      const error = errorOf(info);
      const formatted = typeof info[MESSAGE] === 'string' && this.format ? (info[MESSAGE] as string) : undefined;
      const message = formatted ?? (typeof info.message === 'string' ? info.message : (error?.message ?? String(info.message ?? '')));
      if (error) this.client.captureError(error, { attributes, level: Math.min(level, 4), message });
      else this.client.log(level, message, attributes);
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
