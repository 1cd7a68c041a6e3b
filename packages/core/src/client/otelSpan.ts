import type { Attributes, SpanInput } from './entries.js';

/** `[seconds, nanoseconds]`, OpenTelemetry's `HrTime`. */
export type OtelHrTime = [number, number];

/**
 * The part of an OpenTelemetry `ReadableSpan` (`@opentelemetry/sdk-trace-base` 1.x and 2.x) that
 * `span()` reads: described structurally, so core does not depend on OpenTelemetry.
 */
export interface OtelSpanLike {
  name: string;
  /** `SpanKind`: 0 internal, 1 server, 2 client, 3 producer, 4 consumer. */
  kind: number;
  spanContext(): { traceId: string; spanId: string };
  /** 2.x */
  parentSpanContext?: { spanId: string } | undefined;
  /** 1.x */
  parentSpanId?: string | undefined;
  startTime: OtelHrTime;
  endTime: OtelHrTime;
  /** `SpanStatusCode`: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string | undefined };
  attributes: Readonly<Record<string, unknown>>;
}

const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];

export function isOtelSpan(input: unknown): input is OtelSpanLike {
  return typeof input === 'object' && input !== null && typeof (input as { spanContext?: unknown }).spanContext === 'function';
}

const millis = (t: OtelHrTime): number => t[0] * 1000 + t[1] / 1e6;

/** OpenTelemetry attribute values (primitives or arrays of them) as entry attributes: arrays as JSON text. */
function attributesOf(attributes: Readonly<Record<string, unknown>>, statusMessage: string | undefined): Attributes {
  const out: Attributes = {};
  for (const key in attributes) {
    const v = attributes[key];
    if (v === undefined || v === null) continue;
    out[key] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
  }
  if (statusMessage) out['otel.status_message'] = statusMessage;
  return out;
}

/**
 * A span input from either form `span()` takes: LogFlux's own {@link SpanInput} as is, or an
 * ended OpenTelemetry span — its ids, parent, name, kind (as `operation`), times, status (2 →
 * `error`, else `ok`) and attributes. Never throws: a span it cannot read is returned as given, for
 * the client to report as an invalid entry.
 */
export function spanInputOf(input: SpanInput | OtelSpanLike): SpanInput {
  if (!isOtelSpan(input)) return input;
  try {
    const { traceId, spanId } = input.spanContext();
    const parentSpanId = input.parentSpanContext?.spanId ?? input.parentSpanId;
    return {
      traceId,
      spanId,
      ...(parentSpanId ? { parentSpanId } : {}),
      name: input.name,
      operation: KINDS[input.kind] ?? 'internal',
      startTime: millis(input.startTime),
      endTime: millis(input.endTime),
      status: input.status?.code === 2 ? 'error' : 'ok',
      attributes: attributesOf(input.attributes ?? {}, input.status?.message),
    };
  } catch {
    return input as unknown as SpanInput;
  }
}
