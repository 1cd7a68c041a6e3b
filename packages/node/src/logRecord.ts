/**
 * The typed record every logger integration produces (winston info, pino line → record), and the
 * one mapping from a record to a client call. Records are plain data, so they also cross to a
 * worker thread unchanged (see {@link startRecordWorker}).
 */
import { encodeAttributes } from '@logflux/core';
import type { LogFluxNode } from './client.js';

/** An error as plain data: what survives structured cloning and JSON alike. */
export interface RecordError {
  /** The error's class name (`TypeError`, …): the entry's `error_type`. */
  name: string;
  /** The entry's `error_message`. */
  message: string;
  /** V8's stack text, parsed into the entry's `stack_trace`. */
  stack?: string;
  /** What caused it: another error, or the text of any other value. */
  cause?: RecordError | string;
}

/** One log record from a logger integration. */
export interface LogRecord {
  /** Syslog severity, 1 (emergency) … 8 (debug). */
  level: number;
  /** The entry's message (with an `error`: shown in place of the error's own message). */
  message: string;
  /** Fields of the record, values as the logger gave them (the client encodes them: docs/protocol.md §6.6). */
  attributes?: Record<string, unknown>;
  /** Set when the record carries an error: it becomes a captured error (level 4 or more severe). */
  error?: RecordError;
  /** When it was logged, epoch milliseconds (default: when the client takes it). */
  ts?: number;
  /** Name of the logger that produced it (`logger` field of the entry). */
  logger?: string;
}

/** The client calls a record maps to. */
export type RecordClient = Pick<LogFluxNode, 'log' | 'write' | 'captureError'>;

/**
 * A record's attributes as the wire's strings (core's one encoding, docs/protocol.md §6.6), or
 * undefined when there are none: for records that must cross to a thread as text (values that
 * cannot be cloned). `logRecord` itself hands the values to the client as they are.
 */
export function recordAttributes(attributes: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!attributes) return undefined;
  const out = encodeAttributes(attributes);
  for (const _ in out) return out;
  return undefined;
}

/** An `Error` (or `cause` value) as a {@link RecordError}. */
export function recordError(error: unknown): RecordError {
  if (!(error instanceof Error)) return { name: 'Error', message: typeof error === 'string' ? error : String(error) };
  const out: RecordError = { name: error.name || 'Error', message: error.message };
  if (typeof error.stack === 'string') out.stack = error.stack;
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause !== undefined) out.cause = cause instanceof Error ? recordError(cause) : String(cause);
  return out;
}

function toError(e: RecordError | string): Error {
  if (typeof e === 'string') return new Error(e);
  const error = new Error(String(e.message ?? ''));
  error.name = typeof e.name === 'string' && e.name !== '' ? e.name : 'Error';
  if (typeof e.stack === 'string') error.stack = e.stack;
  else delete error.stack; // a stack from here would describe this function, not the logged error
  if (e.cause !== undefined) (error as Error & { cause?: unknown }).cause = typeof e.cause === 'string' ? e.cause : toError(e.cause);
  return error;
}

/**
 * Hands one record to the client: a record with an `error` becomes `captureError` (at the record's
 * level, but never less severe than 4 error), any other a `log` entry, with its own `ts` when it
 * has one. Never throws.
 */
export function logRecord(client: RecordClient, record: LogRecord): void {
  try {
    const attributes = record.attributes && typeof record.attributes === 'object' ? record.attributes : undefined;
    const message = typeof record.message === 'string' ? record.message : String(record.message ?? '');
    if (record.error) {
      client.captureError(toError(record.error), {
        level: Math.min(record.level, 4),
        message,
        ...(attributes ? { attributes } : {}),
        ...(record.ts !== undefined ? { ts: record.ts } : {}),
      });
      return;
    }
    const logger = typeof record.logger === 'string' && record.logger !== '' ? record.logger : undefined;
    if (typeof record.ts === 'number' && Number.isFinite(record.ts)) {
      client.write({ level: record.level, message, ts: record.ts, ...(logger ? { logger } : {}), ...(attributes ? { attributes } : {}) });
    } else client.log(record.level, message, attributes, logger);
  } catch {
    // a hostile record (throwing getters) must not break the caller; the client itself never throws
  }
}
