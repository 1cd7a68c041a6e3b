/**
 * The one encoding of attributes (docs/protocol.md §6.6): any JavaScript value → the wire's map of
 * string keys to string values. Every path uses it — the SDK's methods, child loggers, the logger
 * integrations (through `@logflux/node`'s `logRecord`) and the browser — so the same data is stored
 * the same way whichever path logged it.
 */

/** Limits on one entry's attributes (docs/protocol.md §6.6). */
export const ATTRIBUTE_LIMITS = {
  /** Attributes per entry; further keys are left out (`attribute_count`). */
  maxKeys: 128,
  /** Characters per key; a longer key is left out with its value (`attribute_key`). */
  maxKeyLength: 256,
  /** Characters per value; a longer value is cut to this length, ending in `…` (`attribute_value`). */
  maxValueLength: 8192,
  /** Nesting flattened into dotted keys; deeper objects become JSON text. */
  maxDepth: 10,
} as const;

/** Why an entry was changed to fit a limit; counted in `stats().truncated`. */
export type LimitReason = 'attribute_count' | 'attribute_key' | 'attribute_value' | 'entry_size';

/** Attributes as a caller may give them: any values (see {@link encodeAttributes}). */
export type Attributes = Record<string, unknown>;

const TOO_DEEP = ATTRIBUTE_LIMITS.maxDepth;

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `value` cut to `max` characters (a surrogate pair is never split), ending in `…`. */
export function cutText(value: string, max: number): string {
  let end = max - 1;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${value.slice(0, end)}…`;
}

/** An error as the fields of §6.3 (for JSON text): `error_type`, `error_message`, `stack_trace`. */
function errorJson(error: Error): Record<string, unknown> {
  return {
    error_type: error.name || 'Error',
    error_message: String(error.message),
    ...(typeof error.stack === 'string' ? { stack_trace: error.stack } : {}),
    ...error,
  };
}

/**
 * JSON text of any value: BigInt as decimal strings, a reference to an enclosing object as
 * `"[Circular]"`, errors as their fields, Maps as objects and Sets as arrays; `Date` by its
 * `toJSON` (RFC 3339).
 */
export function jsonText(value: unknown): string {
  const path: unknown[] = [];
  try {
    return (
      JSON.stringify(value, function (this: unknown, _key, v: unknown) {
        if (typeof v === 'bigint') return v.toString();
        if (typeof v !== 'object' || v === null) return v;
        while (path.length > 0 && path[path.length - 1] !== this) path.pop();
        if (path.includes(v)) return '[Circular]';
        const out = v instanceof Error ? errorJson(v) : v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : v;
        path.push(out);
        return out;
      }) ?? 'null'
    );
  } catch {
    return String(value);
  }
}

/** Where encoded attributes go, with the limits applied as they are added. */
interface Target {
  out: Record<string, string>;
  count: number;
  onLimit: ((reason: LimitReason) => void) | undefined;
}

function put(t: Target, key: string, text: string): void {
  if (key.length > ATTRIBUTE_LIMITS.maxKeyLength) {
    t.onLimit?.('attribute_key');
    return;
  }
  if (!(key in t.out)) {
    if (t.count >= ATTRIBUTE_LIMITS.maxKeys) {
      t.onLimit?.('attribute_count');
      return;
    }
    t.count++;
  }
  if (text.length > ATTRIBUTE_LIMITS.maxValueLength) {
    t.out[key] = cutText(text, ATTRIBUTE_LIMITS.maxValueLength);
    t.onLimit?.('attribute_value');
  } else t.out[key] = text;
}

const join = (prefix: string, key: string) => (prefix === '' ? key : `${prefix}.${key}`);

/** The text of a value that is not flattened, or undefined for one that is (a plain object, an error) or left out. */
function leafText(value: unknown, depth: number, seen: readonly object[]): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) return 'null';
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'null' : value.toISOString();
      if (seen.includes(value)) return '[Circular]';
      if (value instanceof Error) return undefined;
      if (Array.isArray(value) || !isPlain(value) || depth >= TOO_DEEP) return jsonText(value);
      return Object.keys(value).length === 0 ? '{}' : undefined;
    default:
      return undefined; // undefined, functions and symbols are left out
  }
}

function walk(t: Target, key: string, value: unknown, depth: number, seen: readonly object[]): void {
  const text = leafText(value, depth, seen);
  if (text !== undefined) {
    put(t, key, text);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const inner = [...seen, value];
  if (value instanceof Error) {
    put(t, join(key, 'error_type'), value.name || 'Error');
    put(t, join(key, 'error_message'), String(value.message));
    if (typeof value.stack === 'string') put(t, join(key, 'stack_trace'), value.stack);
    const cause = (value as { cause?: unknown }).cause;
    if (cause !== undefined) walk(t, join(key, 'cause'), cause, depth + 1, inner);
  }
  for (const k of Object.keys(value)) walk(t, join(key, k), (value as Record<string, unknown>)[k], depth + 1, inner);
}

/**
 * Adds the attributes of `value` to `out` (later keys win) and returns it: the keys of a plain
 * object, with nested plain objects flattened to dotted keys (`user.id`); strings as they are;
 * numbers, booleans and null as their JSON text; BigInt in decimal; `Date` in RFC 3339; an `Error`
 * as `error_type`, `error_message` and `stack_trace` (under its key's prefix, its `cause` under
 * `<key>.cause`); arrays and other objects as JSON text; a reference to an enclosing object as
 * `"[Circular]"`; undefined, functions and symbols left out. A value that is not an object becomes
 * the attribute `value`. `onLimit` hears each limit of {@link ATTRIBUTE_LIMITS} that applied.
 */
export function encodeAttributes(
  value: unknown,
  out: Record<string, string> = {},
  onLimit?: (reason: LimitReason) => void,
): Record<string, string> {
  if (value === undefined || value === null) return out;
  const t: Target = { out, count: Object.keys(out).length, onLimit };
  try {
    if (typeof value !== 'object' || Array.isArray(value) || !(value instanceof Error || isPlain(value))) walk(t, 'value', value, 0, []);
    else if (value instanceof Error) walk(t, '', value, 0, []);
    else for (const k of Object.keys(value)) walk(t, k, (value as Record<string, unknown>)[k], 1, [value]);
  } catch {
    // a hostile value (a throwing getter) leaves out what it could not give
  }
  return out;
}
