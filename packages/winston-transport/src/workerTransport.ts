import { createRequire } from 'node:module';
import type { NodeClientOptions } from '@logflux/node';
import pino from 'pino';
import TransportStream from 'winston-transport';
import { winstonLevelToSyslog } from './levels.js';

export interface LogFluxWorkerTransportOptions extends TransportStream.TransportStreamOptions {
  /** Client options; they travel to the worker thread, so no functions (no beforeSend/onError). */
  logflux: Omit<NodeClientOptions, 'beforeSend' | 'onError'>;
  /**
   * The worker entry: `@logflux/pino-transport`'s module path. Resolved automatically; bundled
   * applications pass the path of their bundled copy (see the pino transport's README).
   */
  target?: string;
}

const RESERVED = new Set(['level', 'message', 'stack', 'timestamp', 'error', 'cause']);
const PINO_LEVEL: Record<number, number> = { 1: 60, 2: 60, 3: 60, 4: 50, 5: 40, 6: 30, 7: 30, 8: 20 };

type Info = Record<string | symbol, unknown> & { level: string; message?: unknown };

function serialiseError(e: unknown): unknown {
  if (!(e instanceof Error)) return e === undefined ? undefined : { type: 'Error', message: String(e) };
  const cause = (e as Error & { cause?: unknown }).cause;
  return { type: e.name, message: e.message, stack: e.stack, ...(cause !== undefined ? { cause: serialiseError(cause) } : {}) };
}

/**
 * A winston transport that keeps this thread's cost to one JSON line: sealing and delivery run in
 * a worker thread (the same worker as `@logflux/pino-transport`). `logger.end()` finishes once the
 * worker has delivered and closed; at process exit the worker is drained the way pino does it.
 */
export class LogFluxWorkerTransport extends TransportStream {
  private readonly stream: ReturnType<typeof pino.transport>;

  constructor(options: LogFluxWorkerTransportOptions) {
    super(options);
    const target = options.target ?? createRequire(import.meta.url).resolve('@logflux/pino-transport');
    this.stream = pino.transport({ target, options: options.logflux });
  }

  override log(info: Info, callback: () => void): void {
    try {
      const record: Record<string, unknown> = {};
      for (const key of Object.keys(info)) {
        if (!RESERVED.has(key) && info[key] !== undefined && typeof info[key] !== 'function') record[key] = info[key];
      }
      const syslog = winstonLevelToSyslog(info.level);
      record.level = PINO_LEVEL[syslog];
      record.syslog = syslog;
      const error =
        info instanceof Error
          ? info
          : info.error instanceof Error
            ? info.error
            : typeof info.stack === 'string'
              ? Object.assign(new Error(String(info.message ?? '')), { stack: info.stack, cause: info.cause })
              : undefined;
      record.msg = typeof info.message === 'string' ? info.message : (error?.message ?? '');
      if (error) record.err = serialiseError(error);
      this.stream.write(`${JSON.stringify(record)}\n`);
    } catch {
      // never break the application's logging
    }
    setImmediate(() => this.emit('logged', info));
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.stream.once('close', () => callback());
    this.stream.end();
  }

  override close(): void {
    this.stream.end();
    this.emit('close');
  }
}
