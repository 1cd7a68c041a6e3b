/**
 * pino's records (JSON lines, already serialised by pino) → the typed record of `@logflux/node`:
 * the one mapping, used by the worker entry and the in-process destination alike.
 */
import { logRecord as handRecord, type LogFluxNode, type LogRecord, type RecordError } from '@logflux/node';
import { pinoLevelToSyslog } from './levels.js';

/** pino's fields that are never attributes (the message key and the error field are excluded too). */
const RESERVED = new Set(['level', 'time', 'v']);

interface SerializedError {
  type?: unknown;
  message?: unknown;
  stack?: unknown;
  cause?: unknown;
}

/** pino's serialised errors carry `type`, `message` and `stack`. */
function isSerializedError(value: unknown): value is SerializedError {
  return typeof value === 'object' && value !== null && ('stack' in value || 'type' in value);
}

function recordErrorOf(err: SerializedError): RecordError {
  const error: RecordError = {
    name: typeof err.type === 'string' && err.type !== '' ? err.type : 'Error',
    message: typeof err.message === 'string' ? err.message : '',
  };
  if (typeof err.stack === 'string') error.stack = err.stack;
  if (isSerializedError(err.cause)) error.cause = recordErrorOf(err.cause);
  else if (typeof err.cause === 'string') error.cause = err.cause;
  return error;
}

/** pino's `time`: epoch milliseconds by default, or a time string with `pino.stdTimeFunctions.isoTime`. */
function timeOf(time: unknown): number | undefined {
  const ms = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The record for one pino line: the message key's string is the message; bindings (`pid`,
 * `hostname`, child bindings) and fields are attributes; a serialised error in `err` (or `error`)
 * is the record's error; `time` is when it was logged. Any other field — `syslog` included — is
 * an ordinary attribute.
 */
export function pinoRecord(line: Record<string, unknown>, messageKey = 'msg'): LogRecord {
  const errorKey = isSerializedError(line.err) ? 'err' : isSerializedError(line.error) ? 'error' : undefined;
  const attributes: Record<string, unknown> = {};
  let any = false;
  for (const key of Object.keys(line)) {
    if (RESERVED.has(key) || key === messageKey || key === errorKey || line[key] === undefined) continue;
    attributes[key] = line[key];
    any = true;
  }
  const error = errorKey ? recordErrorOf(line[errorKey] as SerializedError) : undefined;
  const text = line[messageKey];
  const record: LogRecord = {
    level: pinoLevelToSyslog(line.level),
    message: typeof text === 'string' ? text : (error?.message ?? ''),
  };
  if (any) record.attributes = attributes;
  if (error) record.error = error;
  const ts = timeOf(line.time);
  if (ts !== undefined) record.ts = ts;
  return record;
}

/**
 * Hands one pino record to the client.
 * @deprecated Use `logRecord(client, pinoRecord(line, messageKey))` from `@logflux/node` and this package.
 */
export function logRecord(client: LogFluxNode, record: Record<string, unknown>, messageKey = 'msg'): void {
  handRecord(client, pinoRecord(record, messageKey));
}
