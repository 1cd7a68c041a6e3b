import { type PeerSdk, PROFILES } from './sdks.js';

/**
 * One entry as an application hands it to an SDK, independent of any SDK's spelling. `ts` is an
 * RFC 3339 UTC time with nine fractional digits: the Go SDK writes all of them, the others write
 * milliseconds.
 */
export type PeerEntryInput =
  | { type: 'log'; level: number; message: string; logger?: string }
  | { type: 'metric'; name: string; value: number; unit?: string; kind: 'counter' | 'gauge' | 'histogram' }
  | {
      type: 'trace';
      traceId: string;
      spanId: string;
      parentSpanId?: string;
      name: string;
      operation: string;
      startTime: string;
      endTime: string;
      durationMs: number;
      status: 'ok' | 'error';
    }
  | { type: 'event'; event: string }
  | { type: 'audit'; action: string; actor: string; resource: string; resourceId: string; outcome: 'success' | 'failure' };

export interface PeerEntry {
  source: string;
  /** RFC 3339 UTC with nanoseconds, e.g. `2026-12-01T20:05:22.103429474Z`. */
  ts: string;
  attributes?: Record<string, string>;
  input: PeerEntryInput;
}

const NANO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{9})Z$/;

function split(ts: string): [string, string] {
  const m = NANO_TIME.exec(ts);
  if (!m) throw new Error(`entry time must have nine fractional digits: ${ts}`);
  return [m[1] as string, m[2] as string];
}

/** Milliseconds, as the JS and Java SDKs and this protocol write them. */
export function millisecondTime(ts: string): string {
  const [base, fraction] = split(ts);
  return `${base}.${fraction.slice(0, 3)}Z`;
}

/** Go's RFC3339Nano: nine digits with trailing zeros removed (and no fraction at all for zero). */
export function goNanoTime(ts: string): string {
  const [base, fraction] = split(ts);
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed === '' ? `${base}Z` : `${base}.${trimmed}Z`;
}

/** The time an SDK writes into the inner `ts` and `X-LF-Timestamp`. */
export function sdkTime(sdk: PeerSdk, ts: string): string {
  return PROFILES[sdk].timestamps === 'nanoseconds' ? goNanoTime(ts) : millisecondTime(ts);
}

/** Severity an SDK gives each non-log type; events are 7 in all three (the others are assumed). */
const TYPE_LEVEL = { metric: 7, trace: 7, event: 7, audit: 6 } as const;

/**
 * The inner plaintext object an official SDK 3.0.1 writes for an entry, with its names: the JS and
 * Java SDKs call a metric's kind `metric_type` and a span's label `description`.
 */
export function peerPlaintext(sdk: PeerSdk, entry: PeerEntry): Record<string, unknown> {
  const p = PROFILES[sdk];
  return plaintext(entry, sdkTime(sdk, entry.ts), p.metricKind, p.spanLabel);
}

/**
 * What a decoder that applies docs/protocol.md §7.8 must read for that entry: the protocol's own
 * names (`kind`, `name`) and millisecond times, built from the input rather than from an SDK's
 * output, so the vectors and tests check the reading rules instead of restating them.
 */
export function expectedEntry(entry: PeerEntry): Record<string, unknown> {
  return plaintext(entry, millisecondTime(entry.ts), 'kind', 'name');
}

function plaintext(entry: PeerEntry, ts: string, metricKind: string, spanLabel: string): Record<string, unknown> {
  const i = entry.input;
  const out: Record<string, unknown> = {
    v: '2.0',
    type: i.type,
    source: entry.source,
    level: i.type === 'log' ? i.level : TYPE_LEVEL[i.type],
    ts,
  };
  switch (i.type) {
    case 'log':
      out.message = i.message;
      if (i.logger !== undefined) out.logger = i.logger;
      break;
    case 'metric':
      out.name = i.name;
      out.value = i.value;
      if (i.unit !== undefined) out.unit = i.unit;
      out[metricKind] = i.kind;
      break;
    case 'trace':
      out.trace_id = i.traceId;
      out.span_id = i.spanId;
      if (i.parentSpanId !== undefined) out.parent_span_id = i.parentSpanId;
      out[spanLabel] = i.name;
      out.operation = i.operation;
      out.start_time = i.startTime;
      out.end_time = i.endTime;
      out.duration_ms = i.durationMs;
      out.status = i.status;
      break;
    case 'event':
      out.event = i.event;
      break;
    case 'audit':
      out.action = i.action;
      out.actor = i.actor;
      out.resource = i.resource;
      out.resource_id = i.resourceId;
      out.outcome = i.outcome;
      break;
  }
  if (entry.attributes !== undefined) out.attributes = entry.attributes;
  return out;
}
