import { LogFluxError } from '../errors.js';
import type { EntryType } from '../limits.js';
import type { Attributes } from './attributes.js';
import type { InnerEntry } from './options.js';

/** Syslog severities (docs/protocol.md §6.1). */
export const LEVELS = { emergency: 1, alert: 2, critical: 3, error: 4, warning: 5, notice: 6, info: 7, debug: 8 } as const;
export type LevelName = keyof typeof LEVELS;

export const ENTRY_TYPE_OF: Record<string, EntryType> = { log: 1, metric: 2, trace: 3, event: 4, audit: 5, telemetry: 6 };

export type { Attributes } from './attributes.js';

export interface MetricInput {
  name: string;
  value: number;
  unit?: string;
  kind?: 'counter' | 'gauge' | 'histogram';
  attributes?: Attributes;
}

export interface AuditInput {
  action: string;
  actor: string;
  resource: string;
  resourceId: string;
  outcome: 'success' | 'failure';
  attributes?: Attributes;
}

export interface SpanInput {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  operation: string;
  startTime: Date | number;
  endTime: Date | number;
  status?: 'ok' | 'error';
  attributes?: Attributes;
}

export interface Breadcrumb {
  timestamp: string;
  category: string;
  message: string;
  level?: number;
  data?: Record<string, unknown>;
}

export interface StackFrame {
  function: string;
  file: string;
  line: number;
}

const V8_FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):\d+\)?$/;

/** Parses a V8/SpiderMonkey-style `error.stack` into frames. Unknown lines are skipped. */
export function parseStack(stack: string | undefined): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of (stack ?? '').split('\n')) {
    const v8 = V8_FRAME.exec(line);
    if (v8) {
      frames.push({ function: v8[1] ?? '<anonymous>', file: v8[2] as string, line: Number(v8[3]) });
      continue;
    }
    const gecko = /^(.*)@(.+?):(\d+):\d+$/.exec(line);
    if (gecko) frames.push({ function: gecko[1] || '<anonymous>', file: gecko[2] as string, line: Number(gecko[3]) });
  }
  return frames.slice(0, 64);
}

/** An entry prepared by the caller for {@link LogFluxClient.write}. */
export interface EntryInput {
  /** `log` (default), `metric`, `trace`, `event`, `audit` or `telemetry`. */
  type?: string;
  level: LevelName | number;
  /** When it happened: a Date, epoch milliseconds or an RFC 3339 string (default: now). */
  ts?: Date | number | string;
  /** Overrides the client's `source` for this entry. */
  source?: string;
  attributes?: Attributes;
  /** The type's fields (docs/protocol.md §6.2), e.g. `message` and `logger` for a log. */
  [field: string]: unknown;
}

/** An entry's `ts` from a Date, epoch milliseconds or a date string, as RFC 3339 UTC with milliseconds. */
export function entryTime(t: unknown): string {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : Number.NaN;
  if (!Number.isFinite(ms)) throw new LogFluxError('invalid_entry', 'ts must be a Date, epoch milliseconds or an RFC 3339 time');
  return new Date(ms).toISOString();
}

export function iso(t: Date | number): string {
  return (typeof t === 'number' ? new Date(t) : t).toISOString();
}

export function entryTypeOf(entry: InnerEntry): EntryType {
  return ENTRY_TYPE_OF[entry.type] ?? 1;
}
