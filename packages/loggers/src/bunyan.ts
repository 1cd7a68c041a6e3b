/**
 * `@logflux/loggers/bunyan`: a bunyan raw stream.
 *
 *     const log = bunyan.createLogger({ name: 'api', streams: [logfluxStream({ client })] });
 */
import { errorOf, toAttributes } from './attributes.js';
import { deliver, requireClient, type Sink } from './sink.js';

/**
 * bunyan's levels to syslog severities (docs/protocol.md §6.1), as for pino: trace and debug → 8,
 * info → 7, warn → 5 warning, error → 4, fatal → 2 alert. Levels in between map to the nearest
 * standard level at or below them.
 */
export function bunyanLevelToSyslog(level: unknown): number {
  const n = typeof level === 'number' ? level : 30;
  if (n >= 60) return 2;
  if (n >= 50) return 4;
  if (n >= 40) return 5;
  if (n >= 30) return 7;
  return 8;
}

/** bunyan's own record fields: not attributes. `name` is the entry's `logger`, `time` its `ts`. */
const RESERVED = new Set(['v', 'level', 'name', 'hostname', 'pid', 'time', 'msg', 'src', 'err']);

export interface BunyanStreamOptions {
  /** A client from `createLogFlux` (or a child logger). */
  client: Sink;
  /** The lowest bunyan level this stream takes (default `trace`: whatever the logger passes). */
  level?: number | 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
}

/** What `bunyan.createLogger({ streams: [...] })` takes: a raw stream (records as objects, not JSON text). */
export interface BunyanRawStream {
  type: 'raw';
  level: BunyanStreamOptions['level'];
  stream: { write(record: object): void };
}

/** Maps one bunyan record and hands it to the client: fields are attributes, `err` a captured error. */
export function writeBunyanRecord(client: Sink, record: Record<string, unknown>): void {
  const error = errorOf(record.err);
  deliver(client, {
    level: bunyanLevelToSyslog(record.level),
    message: typeof record.msg === 'string' ? record.msg : '',
    attributes: toAttributes(record, RESERVED),
    error,
    logger: typeof record.name === 'string' ? record.name : undefined,
    ts: record.time instanceof Date || typeof record.time === 'string' ? record.time : undefined,
  });
}

/** A bunyan raw stream that sends every record to LogFlux. */
export function logfluxStream(options: BunyanStreamOptions): BunyanRawStream {
  const client = requireClient(options?.client, 'logfluxStream');
  return {
    type: 'raw',
    level: options.level ?? 'trace',
    stream: { write: (record) => writeBunyanRecord(client, record as Record<string, unknown>) },
  };
}

export type { Sink } from './sink.js';
