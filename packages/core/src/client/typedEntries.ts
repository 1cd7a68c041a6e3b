/**
 * Builders of the entry types a page rarely logs — metrics, audit entries, spans, captured errors,
 * prepared entries (`write`, `writeBatch`) — loaded with the lazily loaded parts (deferred.ts), so
 * that a page's first chunk holds only logs and events (entryBuilder.ts). Invalid input throws
 * `invalid_entry`.
 */
import {
  type Attributes,
  type AuditInput,
  type Breadcrumb,
  ENTRY_TYPE_OF,
  type EntryInput,
  iso,
  type MetricInput,
  parseStack,
  type SpanInput,
} from './entries.js';
import { type EntryBody, invalid, levelOf } from './entryBuilder.js';

export function metricEntry({ name, value, unit, kind = 'gauge' }: MetricInput): EntryBody {
  if (typeof name !== 'string' || typeof value !== 'number' || !Number.isFinite(value)) {
    invalid('a metric needs a string name and a finite numeric value');
  }
  return { type: 'metric', level: 7, name, value, ...(unit ? { unit } : {}), kind };
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
