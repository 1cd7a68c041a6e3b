import { formatWithOptions } from 'node:util';
import type { Attributes } from '@logflux/node';

/**
 * A logger's fields as entry attributes, without the logger's own fields (`skip`): the values as
 * they are, for the client to encode with the one attribute encoding of every path
 * (docs/protocol.md §6.6: nested objects as dotted keys, arrays as JSON text, errors as their
 * fields, …), so that bunyan, log4js, consola and loglevel store what the SDK's methods store.
 */
export function toAttributes(fields: Record<string, unknown> | undefined, skip?: ReadonlySet<string>): Attributes {
  const out: Attributes = {};
  if (!fields) return out;
  for (const key of Object.keys(fields)) if (!skip?.has(key)) out[key] = fields[key];
  return out;
}

/** An error from a value that is one, or from a serialised error (`{ name|type, message, stack }`). */
export function errorOf(value: unknown): Error | undefined {
  if (value instanceof Error) return value;
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as { name?: unknown; type?: unknown; message?: unknown; stack?: unknown };
  if (typeof v.stack !== 'string' || typeof v.message !== 'string') return undefined;
  const e = new Error(v.message);
  e.name = typeof v.name === 'string' ? v.name : typeof v.type === 'string' ? v.type : 'Error';
  e.stack = v.stack;
  return e;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * A call's arguments as a log entry, for loggers called like `console.log` (log4js, consola,
 * loglevel): the first Error is the error to capture, plain objects are fields (attributes), the
 * rest is the message, formatted as `console.log` would.
 */
export function splitArguments(args: readonly unknown[]): { message: string; error: Error | undefined; fields: Record<string, unknown> } {
  let error: Error | undefined;
  const fields: Record<string, unknown> = {};
  const rest: unknown[] = [];
  for (const arg of args) {
    if (error === undefined && arg instanceof Error) error = arg;
    else if (isPlainObject(arg)) Object.assign(fields, arg);
    else rest.push(arg);
  }
  const message =
    rest.length > 0 ? formatWithOptions({ colors: false, breakLength: Number.POSITIVE_INFINITY }, ...rest) : (error?.message ?? '');
  return { message, error, fields };
}
