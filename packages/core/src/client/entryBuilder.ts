import { LogFluxError } from '../errors.js';
import { encodeAttributes, type LimitReason } from './attributes.js';
import {
  type Attributes,
  type AuditInput,
  type Breadcrumb,
  ENTRY_TYPE_OF,
  type EntryInput,
  entryTime,
  iso,
  LEVELS,
  type LevelName,
  type MetricInput,
  parseStack,
  type SpanInput,
} from './entries.js';
import type { InnerEntry } from './options.js';

/**
 * Pure builders of inner entries (docs/protocol.md §6): what each public method logs, before the
 * client adds the common fields. Invalid input throws `invalid_entry` (the client reports and counts it).
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

function invalid(message: string): never {
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

export function metricEntry({ name, value, unit, kind = 'gauge' }: MetricInput): EntryBody {
  if (typeof name !== 'string' || typeof value !== 'number' || !Number.isFinite(value)) {
    invalid('a metric needs a string name and a finite numeric value');
  }
  return { type: 'metric', level: 7, name, value, ...(unit ? { unit } : {}), kind };
}

export function eventEntry(name: string): EntryBody {
  return { type: 'event', level: 6, event: String(name) };
}

export function auditEntry(input: AuditInput): EntryBody {
  const { action, actor, resource, resourceId, outcome } = input;
  return { type: 'audit', level: 6, action, actor, resource, resource_id: resourceId, outcome };
}

export function spanEntry(input: SpanInput): EntryBody {
  const start = typeof input.startTime === 'number' ? input.startTime : input.startTime.getTime();
  const end = typeof input.endTime === 'number' ? input.endTime : input.endTime.getTime();
  if (!/^[0-9a-f]{32}$/.test(input.traceId) || !/^[0-9a-f]{16}$/.test(input.spanId)) {
    invalid('a span needs a 32-hex traceId and a 16-hex spanId');
  }
  const status = input.status ?? 'ok';
  return {
    type: 'trace',
    level: status === 'error' ? 4 : 7,
    trace_id: input.traceId,
    span_id: input.spanId,
    ...(input.parentSpanId ? { parent_span_id: input.parentSpanId } : {}),
    name: input.name,
    operation: input.operation,
    start_time: iso(start),
    end_time: iso(end),
    duration_ms: end - start,
    status,
  };
}

/** An error with its stack frames and the recent breadcrumbs, as a log entry (level 4 by default). */
export function errorEntry(
  error: unknown,
  options: { level?: number; message?: string; ts?: unknown },
  breadcrumbs: readonly Breadcrumb[],
): EntryBody {
  const e = error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(error));
  return {
    type: 'log',
    level: levelOf(options.level ?? 4),
    message: options.message ?? e.message,
    error_type: e.name || 'Error',
    error_message: e.message,
    stack_trace: parseStack(e.stack),
    breadcrumbs: [...breadcrumbs],
    ...(e.cause !== undefined ? { error_cause: e.cause instanceof Error ? `${e.cause.name}: ${e.cause.message}` : String(e.cause) } : {}),
    ...(options.ts !== undefined ? { ts: options.ts } : {}),
  };
}

/** A prepared entry of any type (`client.write`). */
export function preparedEntry(input: EntryInput): { body: EntryBody; attributes: Attributes | undefined } {
  const { type = 'log', level, attributes, ...fields } = input;
  if (!(type in ENTRY_TYPE_OF)) invalid(`unknown entry type ${String(type)}`);
  return { body: { ...fields, type, level: levelOf(level) }, attributes };
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
