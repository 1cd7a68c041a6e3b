import type { Attributes, EntryInput } from '@logflux/node';
import { otelSeverityToSyslog } from './severity.js';

/** The part of an OpenTelemetry `ReadableLogRecord` (`@opentelemetry/sdk-logs`) the exporter reads. */
export interface OtelLogRecordLike {
  hrTime: [number, number];
  spanContext?: { traceId: string; spanId: string } | undefined;
  severityText?: string | undefined;
  severityNumber?: number | undefined;
  body?: unknown;
  eventName?: string | undefined;
  resource?: { attributes?: Record<string, unknown> } | undefined;
  instrumentationScope?: { name?: string } | undefined;
  attributes?: Record<string, unknown> | undefined;
}

/**
 * OpenTelemetry attribute values as entry attributes: as they are, for the client's one attribute
 * encoding (docs/protocol.md §6.6), except byte arrays, which OpenTelemetry allows as values (also
 * nested) and which are written as base64.
 */
function attributesOf(source: Record<string, unknown> | undefined, out: Attributes, skip?: (key: string) => boolean): void {
  if (!source) return;
  for (const key of Object.keys(source)) {
    if (skip?.(key)) continue;
    const v = source[key];
    if (v === undefined || v === null) continue;
    out[key] = bytesAsBase64(v);
  }
}

/** OpenTelemetry's byte-array values (also inside arrays and maps) as base64 text. */
function bytesAsBase64(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(bytesAsBase64);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bytesAsBase64(x)]));
  return v;
}

/** What one log record becomes: a prepared log entry, or an error to capture (`exception.*` attributes). */
export type MappedLogRecord =
  | { kind: 'entry'; entry: EntryInput }
  | { kind: 'error'; error: Error; level: number; message: string; attributes: Attributes };

const isException = (key: string) => key.startsWith('exception.');

/**
 * One OpenTelemetry log record as LogFlux: `severityNumber` as the level, `body` as the message
 * (JSON text when it is not a string), `hrTime` as `ts`, the instrumentation scope's name as
 * `logger`, the record's attributes (and the resource's, with `resource: true`) as attributes,
 * the record's span as `trace_id` / `span_id`, `eventName` as `event.name`. A record with
 * `exception.type`/`exception.message` attributes (OpenTelemetry's exception conventions) becomes
 * a captured error with `exception.stacktrace` as its stack.
 */
export function mapLogRecord(record: OtelLogRecordLike, includeResource = false): MappedLogRecord {
  const attributes: Attributes = {};
  if (includeResource) attributesOf(record.resource?.attributes, attributes);
  const exception = record.attributes ?? {};
  attributesOf(record.attributes, attributes, isException);
  if (record.spanContext?.traceId && record.spanContext.spanId) {
    attributes.trace_id = record.spanContext.traceId;
    attributes.span_id = record.spanContext.spanId;
  }
  if (record.eventName) attributes['event.name'] = record.eventName;
  if (record.severityText) attributes['otel.severity_text'] = record.severityText;
  const level = otelSeverityToSyslog(record.severityNumber, record.severityText);
  const body = record.body;
  const message = typeof body === 'string' ? body : body === undefined || body === null ? '' : JSON.stringify(body);
  if (typeof exception['exception.type'] === 'string' || typeof exception['exception.message'] === 'string') {
    const error = new Error(String(exception['exception.message'] ?? ''));
    error.name = String(exception['exception.type'] ?? 'Error');
    error.stack =
      typeof exception['exception.stacktrace'] === 'string' ? exception['exception.stacktrace'] : `${error.name}: ${error.message}`;
    return { kind: 'error', error, level: Math.min(level, 4), message: message || error.message, attributes };
  }
  const logger = record.instrumentationScope?.name;
  return {
    kind: 'entry',
    entry: {
      type: 'log',
      level,
      message,
      ts: record.hrTime[0] * 1000 + record.hrTime[1] / 1e6,
      ...(logger ? { logger } : {}),
      attributes,
    },
  };
}
