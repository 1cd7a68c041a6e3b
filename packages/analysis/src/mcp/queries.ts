import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { safeSqlError } from '../readOnlySql.js';
import { LEVEL_NAMES } from '../schema.js';
import { AnalysisError } from '../types.js';
import { type Plain, plain } from '../values.js';

/** Filters the search and tail tools share. */
export interface LogFilter {
  text?: string | undefined;
  regex?: string | undefined;
  level?: string | number | undefined;
  type?: string | undefined;
  source?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const UNITS: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5 };

/** An RFC 3339 time or a duration back from now (15m, 2h, 7d) as a UTC TIMESTAMP literal. */
export function timeBound(value: string, name: string, now = Date.now()): string {
  const rel = /^(\d+)(s|m|h|d)$/.exec(value.trim());
  const ms = rel ? now - Number(rel[1]) * (UNITS[rel[2] as string] as number) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new AnalysisError(`${name} must be an RFC 3339 time or a duration like 15m, 2h, 7d`);
  return new Date(ms).toISOString().replace('Z', '');
}

/** A level by name (emergency … debug, warn, err) or number 1-8. */
export function levelNumber(value: string | number): number {
  if (typeof value === 'number' || /^\d+$/.test(value)) {
    const n = Number(value);
    if (Number.isInteger(n) && n >= 1 && n <= 8) return n;
  } else {
    const name = value.toLowerCase();
    const aliases: Record<string, string> = { emerg: 'emergency', crit: 'critical', err: 'error', warn: 'warning', informational: 'info' };
    const i = LEVEL_NAMES.indexOf((aliases[name] ?? name) as (typeof LEVEL_NAMES)[number]);
    if (i >= 0) return i + 1;
  }
  throw new AnalysisError(`level must be 1-8 or one of ${LEVEL_NAMES.join(', ')}`);
}

/** The text the search tool looks in: every text column and the attribute values, one per line. */
const SEARCHABLE = `concat_ws(chr(10), message, error_message, event, span_name, operation, metric_name, action, actor, resource, resource_id,
  logger, source, array_to_string(map_values(coalesce(attributes, MAP {})), chr(10)))`;

export function whereClause(filter: LogFilter): { sql: string; values: DuckDBValue[] } {
  const parts: string[] = [];
  const values: DuckDBValue[] = [];
  const add = (sql: string, value: DuckDBValue) => {
    parts.push(sql);
    values.push(value);
  };
  if (filter.text) add(`contains(lower(${SEARCHABLE}), lower(?))`, filter.text);
  // Multi-line mode: ^ and $ anchor at the start and end of each field.
  if (filter.regex) add(`regexp_matches(${SEARCHABLE}, '(?m)' || ?)`, filter.regex);
  if (filter.level !== undefined) add('level <= ?', levelNumber(filter.level));
  if (filter.type) add('type = ?', filter.type);
  if (filter.source) add('source = ?', filter.source);
  if (filter.from) add('coalesce(ts, received_at) >= CAST(? AS TIMESTAMP)', timeBound(filter.from, 'from'));
  if (filter.to) add('coalesce(ts, received_at) < CAST(? AS TIMESTAMP)', timeBound(filter.to, 'to'));
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', values };
}

/** Rows as objects without their NULL columns (JSON columns parsed). */
export async function selectObjects(
  connection: DuckDBConnection,
  sql: string,
  values: DuckDBValue[] = [],
): Promise<Record<string, Plain>[]> {
  let reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
  try {
    reader = await connection.runAndReadAll(sql, values);
  } catch (error) {
    throw new AnalysisError(safeSqlError(error));
  }
  const names = reader.columnNames();
  const json = reader.columnTypes().map((t) => t.alias === 'JSON');
  return reader.getRows().map((row) => {
    const out: Record<string, Plain> = {};
    row.forEach((v, i) => {
      const p = plain(v, json[i]);
      if (p !== null) out[names[i] as string] = p;
    });
    return out;
  });
}
