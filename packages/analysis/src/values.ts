import {
  DuckDBArrayValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';

/** A JSON-compatible value. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** Microseconds since the epoch as RFC 3339 UTC, with sub-millisecond digits only when present. */
export function isoFromMicros(micros: bigint): string {
  const ms = micros / 1000n;
  const rest = micros % 1000n;
  const iso = new Date(Number(ms)).toISOString();
  return rest === 0n ? iso : `${iso.slice(0, -1)}${String(rest < 0n ? -rest : rest).padStart(3, '0')}Z`;
}

/**
 * A DuckDB value as plain JSON: BIGINT as a number when it is safe (else its digits), MAP and
 * STRUCT as objects, LIST and ARRAY as arrays, timestamps as RFC 3339 UTC, the rest as DuckDB
 * prints it. `json` parses a value of a JSON-typed column.
 */
export function plain(value: DuckDBValue, json = false): Plain {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'number':
      return Number.isFinite(value) || typeof value === 'boolean' ? value : String(value);
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : String(value);
    case 'string':
      if (!json) return value;
      try {
        return JSON.parse(value) as Plain;
      } catch {
        return value;
      }
  }
  if (value instanceof DuckDBMapValue) {
    const out: Record<string, Plain> = {};
    for (const { key, value: v } of value.entries) out[typeof key === 'string' ? key : String(key)] = plain(v);
    return out;
  }
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map((v) => plain(v));
  if (value instanceof DuckDBStructValue) {
    const out: Record<string, Plain> = {};
    for (const [k, v] of Object.entries(value.entries)) out[k] = plain(v);
    return out;
  }
  if ((value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) && value.isFinite)
    return isoFromMicros(value.micros);
  return String(value);
}

/** A plain value as one line of text (tables, CSV). */
export function text(value: Plain): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
