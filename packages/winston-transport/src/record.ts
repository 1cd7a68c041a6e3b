/**
 * winston's `info` object → the typed record of `@logflux/node` (the one mapping, used by both
 * transports): level name → syslog severity, `message` (or the transport format's output), the
 * other fields as attributes, and an error — `logger.error(err)`, an `error` field, or a `stack`
 * left by `format.errors()` — as the record's error.
 */
import { type LogRecord, type RecordError, recordError } from '@logflux/node';
import { winstonLevelToSyslog } from './levels.js';

/** Fields of `info` that are not attributes. */
const RESERVED = new Set(['level', 'message', 'stack', 'timestamp', 'error', 'cause']);
const MESSAGE = Symbol.for('message');

/** What winston hands a transport's `log()`. */
export type WinstonInfo = Record<string | symbol, unknown> & { level: string; message?: unknown };

function errorOf(info: WinstonInfo): RecordError | undefined {
  if (info instanceof Error) return recordError(info);
  if (info.error instanceof Error) return recordError(info.error);
  if (info.message instanceof Error) return recordError(info.message);
  if (typeof info.stack === 'string') {
    const error: RecordError = {
      name: typeof info.name === 'string' ? info.name : 'Error',
      message: typeof info.message === 'string' ? info.message : '',
      stack: info.stack,
    };
    if (info.cause !== undefined) error.cause = info.cause instanceof Error ? recordError(info.cause) : String(info.cause);
    return error;
  }
  return undefined;
}

/**
 * The record for one `info`. With `formatted`, a string the transport's own `format` left in
 * `info[Symbol.for('message')]` is the message. `ts` stamps the record (the worker transport
 * records when the call happened, since its thread takes the record later).
 */
export function winstonRecord(info: WinstonInfo, options: { formatted?: boolean; ts?: number } = {}): LogRecord {
  const attributes: Record<string, unknown> = {};
  let any = false;
  for (const key of Object.keys(info)) {
    if (RESERVED.has(key)) continue;
    const value = info[key];
    if (value === undefined || typeof value === 'function') continue;
    attributes[key] = value;
    any = true;
  }
  const error = errorOf(info);
  const formatted = options.formatted && typeof info[MESSAGE] === 'string' ? (info[MESSAGE] as string) : undefined;
  const message = formatted ?? (typeof info.message === 'string' ? info.message : (error?.message ?? String(info.message ?? '')));
  const record: LogRecord = { level: winstonLevelToSyslog(info.level), message };
  if (any) record.attributes = attributes;
  if (error) record.error = error;
  if (options.ts !== undefined) record.ts = options.ts;
  return record;
}
