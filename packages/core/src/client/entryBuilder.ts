import { LogFluxError } from '../errors.js';
import { encodeAttributes, type LimitReason } from './attributes.js';
import { type Attributes, entryTime, iso, LEVELS, type LevelName } from './entries.js';
import type { InnerEntry } from './options.js';

/**
 * Pure builders of inner entries (docs/protocol.md §6): what each public method logs, before the
 * client adds the common fields. Invalid input throws `invalid_entry` (the client reports and counts it).
 * Logs and events are built here; the other types in typedEntries.ts, which loads lazily.
 */

/** An entry's own fields; `ts` and `source` may override the client's. */
export type EntryBody = { type: string; level: number; ts?: unknown; source?: unknown } & Record<string, unknown>;

/** What every entry of a client shares. */
export interface EntryContext {
  source: string;
  /** The client's own attributes, encoded once. */
  attributes: Record<string, string> | undefined;
  meta: Record<string, string> | undefined;
  /** Hears every attribute limit that applied (counted, and said once). */
  onLimit?: (reason: LimitReason) => void;
  /** Attributes of the current scope (a request, a trace), asked for every entry. */
  context?: () => Attributes | undefined;
}

export function invalid(message: string): never {
  throw new LogFluxError('invalid_entry', message);
}

export function levelOf(level: LevelName | number): number {
  const n = typeof level === 'number' ? level : LEVELS[level];
  if (!(n !== undefined && Number.isInteger(n) && n >= 1 && n <= 8)) invalid('level must be 1 (emergency) to 8 (debug)');
  return n;
}

export function logEntry(level: LevelName | number, message: string, logger?: string): EntryBody {
  return { type: 'log', level: levelOf(level), message: String(message), ...(logger ? { logger } : {}) };
}

export function eventEntry(name: string): EntryBody {
  return { type: 'event', level: 6, event: String(name) };
}

/**
 * The complete inner entry: `v`, `type`, `source`, `level`, `ts`, the fields, attributes (the
 * client's, then the scope's, then the call's: later ones win), meta.
 */
export function completeEntry(body: EntryBody, attributes: Attributes | undefined, ctx: EntryContext, now: number): InnerEntry {
  const { type, level, ts: at, source, ...fields } = body;
  const ts = at === undefined ? iso(now) : entryTime(at);
  const from = typeof source === 'string' && source !== '' ? source : ctx.source;
  const entry: InnerEntry = { v: '2.0', type, source: from, level, ts, ...fields };
  const scope = ctx.context?.();
  if (ctx.attributes || scope !== undefined || attributes !== undefined) {
    const attrs = encodeAttributes(attributes, encodeAttributes(scope, { ...ctx.attributes }, ctx.onLimit), ctx.onLimit);
    for (const _ in attrs) {
      entry.attributes = attrs;
      break;
    }
  }
  if (ctx.meta) entry.meta = ctx.meta;
  return entry;
}
