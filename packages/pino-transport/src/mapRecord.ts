import type { LogFluxNode } from '@logflux/node';
import { pinoLevelToSyslog } from './levels.js';

/** pino's fields that are not attributes of the entry. */
const RESERVED = new Set(['level', 'time', 'msg', 'err', 'error', 'v', 'syslog']);

interface SerializedError {
  type?: string;
  message?: string;
  stack?: string;
  cause?: SerializedError | string;
}

function toError(err: SerializedError | string): Error {
  if (typeof err === 'string') return new Error(err);
  const e = new Error(err.message ?? '');
  e.name = err.type ?? 'Error';
  if (err.stack) e.stack = err.stack;
  if (err.cause !== undefined) (e as Error & { cause?: unknown }).cause = toError(err.cause);
  return e;
}

/** Attribute values are strings on the wire: nested objects become JSON. */
function attributesOf(record: Record<string, unknown>, messageKey: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) {
    if (RESERVED.has(k) || k === messageKey || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/**
 * Hands one pino record (already serialised by pino) to the client: `msg` is the message, bindings
 * and fields are attributes, and an `err` becomes a captured error with its stack frames.
 */
export function logRecord(client: LogFluxNode, record: Record<string, unknown>, messageKey = 'msg'): void {
  // Producers that know the syslog severity (the winston transport's worker mode) send it as is.
  const level =
    typeof record.syslog === 'number' && record.syslog >= 1 && record.syslog <= 8 ? record.syslog : pinoLevelToSyslog(record.level);
  const attributes = attributesOf(record, messageKey);
  const message = typeof record[messageKey] === 'string' ? (record[messageKey] as string) : undefined;
  const err = (record.err ?? record.error) as SerializedError | undefined;
  if (err && typeof err === 'object' && ('stack' in err || 'type' in err)) {
    client.captureError(toError(err), { attributes, level: Math.min(level, 4), ...(message !== undefined ? { message } : {}) });
    return;
  }
  client.log(level, message ?? '', attributes);
}
