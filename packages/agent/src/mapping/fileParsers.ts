import type { FileParser } from '../config/types.js';
import type { EntryInput } from '../sink.js';
import { attributeValue, levelFromWord, logEntry, type MappingContext, timeFrom } from './common.js';

/** What a file parser needs: the mapping context, the input's default level and the file. */
export interface FileContext extends MappingContext {
  level: number;
  path: string;
}

/** One record of a file (a line, or lines joined by multiline) as an entry; `failed` when the parser could not read it. */
export type RecordParser = (text: string, ctx: FileContext) => { entry: EntryInput; failed: boolean };

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const COMBINED =
  /^(\S+) \S+ (\S+) \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?/;
const NGINX_ERROR = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) \[(\w+)\] (\d+)#(\d+): (?:\*(\d+) )?/s;
const JSON_MESSAGE = ['message', 'msg', 'log', 'text'];
const JSON_LEVEL = ['level', 'severity', 'lvl'];
const JSON_TIME = ['time', 'timestamp', 'ts', '@timestamp'];

function fileAttrs(ctx: FileContext, extra?: Record<string, string>): Record<string, string> {
  return { 'file.path': ctx.path, ...extra };
}

const plain: RecordParser = (text, ctx) => ({ entry: logEntry(ctx, text, ctx.level, undefined, fileAttrs(ctx)), failed: false });

/** Level from a JSON value: a word, pino's 10-60, or a syslog severity 0-7. */
function jsonLevel(value: unknown, fallback: number): number {
  if (typeof value === 'string') return levelFromWord(value) ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) return fallback;
  if (value >= 10) return value >= 60 ? 3 : value >= 50 ? 4 : value >= 40 ? 5 : value >= 30 ? 7 : 8;
  return value >= 0 && value <= 7 ? value + 1 : fallback;
}

function pick(o: Record<string, unknown>, keys: string[]): [string, unknown] | undefined {
  for (const k of keys) if (o[k] !== undefined) return [k, o[k]];
  return undefined;
}

/** JSON lines: message, level and time from the usual names; every other member becomes an attribute. */
const json: RecordParser = (text, ctx) => {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    o = undefined;
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return { entry: plain(text, ctx).entry, failed: true };
  const obj = o as Record<string, unknown>;
  const message = pick(obj, JSON_MESSAGE);
  const level = pick(obj, JSON_LEVEL);
  const time = pick(obj, JSON_TIME);
  const attrs = fileAttrs(ctx);
  for (const [k, v] of Object.entries(obj)) {
    if (k === message?.[0] || k === level?.[0] || k === time?.[0] || v === undefined || v === null) continue;
    attrs[k] = attributeValue(v);
  }
  const text2 = message ? attributeValue(message[1]) : text;
  return { entry: logEntry(ctx, text2, jsonLevel(level?.[1], ctx.level), timeFrom(time?.[1]), attrs), failed: false };
};

/** nginx/Apache "combined" (and "common") access logs; the message is the line itself. */
const combined: RecordParser = (text, ctx) => {
  const m = COMBINED.exec(text);
  if (!m) return { entry: plain(text, ctx).entry, failed: true };
  const offset = (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) * 60_000;
  const ts = Date.UTC(Number(m[5]), MONTHS[m[4] as string] ?? 0, Number(m[3]), Number(m[6]), Number(m[7]), Number(m[8])) - offset;
  const [method, path, protocol] = (m[12] as string).split(' ');
  const status = Number(m[13]);
  const attrs = fileAttrs(ctx, { 'http.client_ip': m[1] as string, 'http.status': m[13] as string, 'http.bytes': m[14] as string });
  if (m[2] !== '-') attrs['http.user'] = m[2] as string;
  if (method && path) {
    attrs['http.method'] = method;
    attrs['http.path'] = path;
    if (protocol) attrs['http.protocol'] = protocol;
  }
  if (m[15] !== undefined && m[15] !== '-') attrs['http.referer'] = m[15];
  if (m[16] !== undefined && m[16] !== '-') attrs['http.user_agent'] = m[16];
  const level = status >= 500 ? 4 : status >= 400 ? 5 : 7;
  return { entry: logEntry(ctx, text, level, Number.isFinite(ts) ? ts : undefined, attrs), failed: false };
};

/** nginx's error log: `2026/12/01 10:00:00 [error] 1234#0: *5 text` (local time, no zone). */
const nginxError: RecordParser = (text, ctx) => {
  const m = NGINX_ERROR.exec(text);
  if (!m) return { entry: plain(text, ctx).entry, failed: true };
  const n = (i: number) => Number(m[i]);
  const ts = new Date(n(1), n(2) - 1, n(3), n(4), n(5), n(6)).getTime();
  const attrs = fileAttrs(ctx, { 'nginx.pid': m[8] as string, 'nginx.tid': m[9] as string });
  if (m[10]) attrs['nginx.connection'] = m[10];
  return { entry: logEntry(ctx, text.slice(m[0].length), levelFromWord(m[7] as string) ?? ctx.level, ts, attrs), failed: false };
};

/** Docker's json-file records, `{"log","stream","time"}`; partial records (no final newline) arrive joined by `\n`. */
const docker: RecordParser = (text, ctx) => {
  let log = '';
  let stream: string | undefined;
  let time: unknown;
  for (const line of text.split('\n')) {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return { entry: plain(text, ctx).entry, failed: true };
    }
    if (typeof o?.log !== 'string') return { entry: plain(text, ctx).entry, failed: true };
    log += o.log;
    stream ??= typeof o.stream === 'string' ? o.stream : undefined;
    time ??= o.time;
  }
  const attrs = fileAttrs(ctx, stream ? { 'docker.stream': stream } : {});
  return { entry: logEntry(ctx, log.replace(/\r?\n$/, ''), ctx.level, timeFrom(time), attrs), failed: false };
};

/** Whether a Docker json-file line is a partial record that the next line continues. */
export function dockerPartial(line: string): boolean {
  try {
    const o = JSON.parse(line) as { log?: unknown };
    return typeof o.log === 'string' && !o.log.endsWith('\n');
  } catch {
    return false;
  }
}

/** A file record as an entry: parsed (what the parser cannot read stays plain text, counted) and marked when it was cut. */
export function recordEntry(
  r: { text: string; truncated: boolean },
  parse: RecordParser,
  ctx: FileContext,
  counters: { unparsed: number; truncated: number },
): EntryInput {
  const { entry, failed } = parse(r.text, ctx);
  if (failed) counters.unparsed++;
  if (r.truncated) {
    counters.truncated++;
    entry.attributes = { ...(entry.attributes as Record<string, string>), truncated: 'true' };
  }
  return entry;
}

export const PARSERS: Record<FileParser, RecordParser> = {
  plain,
  json,
  nginx_combined: combined,
  apache_combined: combined,
  nginx_error: nginxError,
  docker,
};
