import type { EntryInput } from '../sink.js';

/** The inner entry's severities (docs/protocol.md §6.1): 1 emergency … 8 debug. */
const LEVEL_WORDS: Record<string, number> = {
  emerg: 1,
  emergency: 1,
  panic: 1,
  alert: 2,
  crit: 3,
  critical: 3,
  fatal: 3,
  err: 4,
  error: 4,
  warn: 5,
  warning: 5,
  notice: 6,
  info: 7,
  information: 7,
  informational: 7,
  debug: 8,
  trace: 8,
};

/** A level word (any case: `error`, `WARN`, `crit`, …) as 1-8, or undefined. */
export function levelFromWord(word: string): number | undefined {
  return LEVEL_WORDS[word.toLowerCase()];
}

/**
 * Epoch milliseconds from a time value: a number of seconds (or of milliseconds when it is
 * above 10^11, i.e. after 1973 in ms), or a date string Date.parse understands. Undefined if
 * the value is no time or outside years 1970-9999.
 */
export function timeFrom(value: unknown): number | undefined {
  let ms: number;
  if (typeof value === 'number') ms = Math.abs(value) >= 1e11 ? value : value * 1000;
  else if (typeof value === 'string' && value !== '')
    ms = /^\d+(\.\d+)?$/.test(value) ? (timeFrom(Number(value)) ?? Number.NaN) : Date.parse(value);
  else return undefined;
  return Number.isFinite(ms) && ms >= 0 && ms < 253402300800000 ? Math.floor(ms) : undefined;
}

/** Attribute values are strings on the wire: others become their JSON text. */
export function attributeValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** What every input adds to its entries. */
export interface MappingContext {
  /** `source` of entries that carry none (default: the destination's). */
  source?: string;
  /** Attributes from the input's configuration, beneath the entry's own. */
  attributes?: Record<string, string>;
  /** The receive time, for entries without a time of their own (default now). */
  now?: number;
}

/** A log entry with the context's attributes under the entry's own. */
export function logEntry(
  ctx: MappingContext,
  message: string,
  level: number,
  ts: number | undefined,
  attributes: Record<string, string> | undefined,
  source?: string,
): EntryInput {
  const attrs = ctx.attributes ? { ...ctx.attributes, ...attributes } : attributes;
  return {
    type: 'log',
    level,
    ts: ts ?? ctx.now ?? Date.now(),
    ...(source || ctx.source ? { source: source || ctx.source } : {}),
    message,
    ...(attrs && Object.keys(attrs).length > 0 ? { attributes: attrs } : {}),
  };
}
