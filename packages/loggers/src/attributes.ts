import { formatWithOptions } from 'node:util';
import type { Attributes } from '@logflux/node';

/**
 * The one place where these integrations turn a logger's fields into entry attributes: strings,
 * numbers and booleans as they are, an Error as `Name: message`, anything else as JSON text
 * (`[unserialisable]` when it cannot be). The same pass-through as the pino and winston
 * transports; swap this function for core's attribute encoding when it lands.
 */
export function toAttributes(fields: Record<string, unknown> | undefined, skip?: ReadonlySet<string>): Attributes {
  const out: Attributes = {};
  if (!fields) return out;
  for (const key of Object.keys(fields)) {
    if (skip?.has(key)) continue;
    const v = fields[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) out[key] = v;
    else if (v instanceof Error) out[key] = `${v.name}: ${v.message}`;
    else if (typeof v === 'bigint') out[key] = v.toString();
    else {
      try {
        out[key] = JSON.stringify(v) ?? String(v);
      } catch {
        out[key] = '[unserialisable]';
      }
    }
  }
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
