import type { EntryInput } from '../sink.js';
import { attributeValue, levelFromWord, logEntry, type MappingContext, timeFrom } from './common.js';

/** Entry types of the agent protocol (issue 18): 1 log, 2 metric, 3 trace, 4 event, 5 audit. */
const TYPE_NAMES: Record<number, string> = { 1: 'log', 2: 'metric', 3: 'trace', 4: 'event', 5: 'audit' };
const AUDIT_FIELDS = ['action', 'actor', 'resource', 'resource_id', 'outcome'] as const;
const METRIC_TEXT = /^([A-Za-z_][\w.:/-]*)\s*[=:\s]\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*([A-Za-z%/]*)$/;

export type MappedLine = { entry: EntryInput; secret: string | undefined } | { error: string };

/** Agent-protocol level 0..7 (syslog) becomes 1..8; a level word is accepted too; default info. */
function level(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 7) return value + 1;
  if (typeof value === 'string') return levelFromWord(value) ?? (/^[0-7]$/.test(value) ? Number(value) + 1 : 7);
  return 7;
}

/** `labels` as attributes: an object of values (non-strings as JSON), or PHP's `[]` for none. */
function labels(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined && v !== null) out[k] = attributeValue(v);
  return out;
}

/** A metric from the message: a JSON object `{name, value, unit?, kind?}` or text like `cpu.load=0.7` / `queue.depth 12 items`. */
function metricFrom(message: string): { name: string; value: number; unit?: string; kind: string } | undefined {
  const text = message.trim();
  if (text.startsWith('{')) {
    try {
      const o = JSON.parse(text) as Record<string, unknown>;
      if (typeof o.name === 'string' && typeof o.value === 'number' && Number.isFinite(o.value)) {
        const kind = o.kind === 'counter' || o.kind === 'histogram' ? o.kind : 'gauge';
        return { name: o.name, value: o.value, ...(typeof o.unit === 'string' && o.unit ? { unit: o.unit } : {}), kind };
      }
    } catch {
      return undefined;
    }
    return undefined;
  }
  const m = METRIC_TEXT.exec(text);
  if (!m) return undefined;
  const value = Number(m[2]);
  return Number.isFinite(value) ? { name: m[1] as string, value, ...(m[3] ? { unit: m[3] } : {}), kind: 'gauge' } : undefined;
}

/**
 * Maps one agent-protocol object (docs/agent.md, mapping table) to an entry of the inner schema.
 * `shared_secret` is returned beside the entry, never inside it. Types 2, 3 and 5 become their
 * v2 type only when their fields are there (a metric's name and value, an audit's five fields);
 * otherwise the entry stays a log with the attribute `entry_type` naming the original type.
 */
export function mapAgentEntry(obj: unknown, ctx: MappingContext): MappedLine {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return { error: 'not_an_object' };
  const o = obj as Record<string, unknown>;
  const secret = typeof o.shared_secret === 'string' ? o.shared_secret : undefined;
  if (o.message === undefined || o.message === null) return { error: 'no_message' };
  const message = typeof o.message === 'string' ? o.message : attributeValue(o.message);
  const attrs: Record<string, string> = labels(o.labels) ?? {};
  if (typeof o.id === 'string' && o.id !== '') attrs.entry_id = o.id;
  const source = typeof o.source === 'string' ? o.source : undefined;
  const ts = timeFrom(o.timestamp);
  const lvl = level(o.level);
  const typeNumber = typeof o.entry_type === 'number' ? o.entry_type : typeof o.entry_type === 'string' ? Number(o.entry_type) : 1;
  const type = TYPE_NAMES[typeNumber] ?? 'log';
  const base = logEntry(ctx, message, lvl, ts, attrs, source);
  if (type === 'log') return { entry: base, secret };
  if (type === 'event') {
    const { message: _m, ...rest } = base;
    return { entry: { ...rest, type: 'event', event: message }, secret };
  }
  if (type === 'metric') {
    const metric = metricFrom(message);
    if (metric) {
      const { message: _m, ...rest } = base;
      return { entry: { ...rest, type: 'metric', ...metric }, secret };
    }
  }
  if (type === 'audit' && AUDIT_FIELDS.every((k) => typeof attrs[k] === 'string' && attrs[k] !== '')) {
    const outcome = attrs.outcome;
    if (outcome === 'success' || outcome === 'failure') {
      const fields: Record<string, string> = {};
      for (const k of AUDIT_FIELDS) {
        fields[k] = attrs[k] as string;
        delete attrs[k];
      }
      const { message: _m, attributes: _a, ...rest } = base;
      const left = ctx.attributes ? { ...ctx.attributes, ...attrs } : attrs;
      return {
        entry: { ...rest, type: 'audit', ...fields, message, ...(Object.keys(left).length > 0 ? { attributes: left } : {}) },
        secret,
      };
    }
  }
  return { entry: { ...base, attributes: { ...base.attributes, entry_type: type } }, secret };
}
