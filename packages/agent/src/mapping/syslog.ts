import type { EntryInput } from '../sink.js';
import { logEntry, type MappingContext } from './common.js';

export const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;
export const SEVERITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'] as const;

/** A syslog message as RFC 5424 or RFC 3164 describes it; absent fields were absent or `-`. */
export interface SyslogMessage {
  format: 'rfc5424' | 'rfc3164';
  facility: number;
  severity: number;
  /** Epoch milliseconds. */
  ts?: number;
  hostname?: string;
  appName?: string;
  procId?: string;
  msgId?: string;
  /** Structured data: `SD-ID.PARAM-NAME` → value (repeated names joined with `,`); an element without parameters → ''. */
  structuredData?: Record<string, string>;
  message: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const BSD_TIME = /^([A-Z][a-z]{2}) ([ \d]?\d) (\d{2}):(\d{2}):(\d{2}) /;
const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) /;
/** RFC 3164 TAG: a word, optionally `[pid]`, ended by ':' or by a space (as rsyslog reads it). */
const TAG = /^([^\s:[\]]{1,48})(?:\[([^\]\s]{1,128})\])?(?::(?: |$)| )/;
/** Without a header (no timestamp) only a tag ended by ':' is taken as one. */
const TAG_COLON = /^([^\s:[\]]{1,48})(?:\[([^\]\s]{1,128})\])?:(?: |$)/;

/** RFC 3164 has no year or zone: local time, in the year that puts it nearest before now (+1 day). */
function bsdTime(m: RegExpExecArray, now: number): number | undefined {
  const month = MONTHS.indexOf(m[1] as string);
  if (month < 0) return undefined;
  const year = new Date(now).getFullYear();
  const at = (y: number) => new Date(y, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])).getTime();
  const t = at(year);
  return t > now + 86_400_000 ? at(year - 1) : t;
}

/** Parses `[id k="v" …][id2 …]`, honouring `\"`, `\\` and `\]` in values; returns the end index or -1. */
function structuredData(text: string, from: number, out: Record<string, string>): number {
  let i = from;
  while (text[i] === '[') {
    const idEnd = text.slice(i + 1).search(/[ \]]/);
    if (idEnd <= 0) return -1;
    const id = text.slice(i + 1, i + 1 + idEnd);
    i += 1 + idEnd;
    let params = 0;
    while (text[i] === ' ') {
      const eq = text.indexOf('="', i);
      if (eq < 0) return -1;
      const name = text.slice(i + 1, eq);
      let j = eq + 2;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\' || text[j + 1] === ']')) j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) return -1;
      const key = `${id}.${name}`;
      out[key] = out[key] === undefined ? value : `${out[key]},${value}`;
      params++;
      i = j + 1;
    }
    if (text[i] !== ']') return -1;
    if (params === 0) out[id] = '';
    i++;
  }
  return i;
}

function nil(token: string | undefined): string | undefined {
  return token === undefined || token === '-' || token === '' ? undefined : token;
}

function rfc5424(text: string, pri: number, now: number): SyslogMessage | undefined {
  const fields: string[] = [];
  let i = 0;
  for (let n = 0; n < 5; n++) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) return undefined;
    fields.push(text.slice(i, sp));
    i = sp + 1;
  }
  const [stamp, hostname, appName, procId, msgId] = fields;
  const ts = stamp === '-' ? undefined : Date.parse(stamp as string);
  if (ts !== undefined && !Number.isFinite(ts)) return undefined;
  const sd: Record<string, string> = {};
  if (text[i] === '-') i++;
  else {
    i = structuredData(text, i, sd);
    if (i < 0) return undefined;
  }
  let message = text[i] === ' ' ? text.slice(i + 1) : text.slice(i);
  if (message.startsWith('\uFEFF')) message = message.slice(1);
  return {
    format: 'rfc5424',
    facility: pri >> 3,
    severity: pri & 7,
    ...(ts !== undefined ? { ts } : { ts: now }),
    ...optional({ hostname: nil(hostname), appName: nil(appName), procId: nil(procId), msgId: nil(msgId) }),
    ...(Object.keys(sd).length > 0 ? { structuredData: sd } : {}),
    message,
  };
}

function optional<T extends Record<string, string | undefined>>(o: T): Partial<Record<keyof T, string>> {
  const out: Partial<Record<keyof T, string>> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k as keyof T] = v;
  return out;
}

function rfc3164(text: string, pri: number, now: number): SyslogMessage {
  let rest = text;
  let ts: number | undefined;
  let hostname: string | undefined;
  const bsd = BSD_TIME.exec(rest);
  const iso = bsd ? undefined : ISO_TIME.exec(rest);
  if (bsd) ts = bsdTime(bsd, now);
  else if (iso) ts = Date.parse(iso[1] as string);
  if (bsd || iso) {
    rest = rest.slice(((bsd ?? iso) as RegExpExecArray)[0].length);
    const sp = rest.indexOf(' ');
    const token = sp < 0 ? rest : rest.slice(0, sp);
    // A token ending in ':' or holding '[' is the tag of a sender that left the hostname out.
    if (sp > 0 && !token.endsWith(':') && !token.includes('[')) {
      hostname = token;
      rest = rest.slice(sp + 1);
    }
  }
  const tag = (bsd || iso ? TAG : TAG_COLON).exec(rest);
  const appName = tag?.[1];
  const procId = tag?.[2];
  if (tag) rest = rest.slice(tag[0].length);
  return {
    format: 'rfc3164',
    facility: pri >> 3,
    severity: pri & 7,
    ts: ts !== undefined && Number.isFinite(ts) ? ts : now,
    ...optional({ hostname, appName, procId }),
    message: rest,
  };
}

/** Parses one syslog message (RFC 5424, else RFC 3164; a missing PRI means user.notice). */
export function parseSyslog(raw: string, now = Date.now()): SyslogMessage {
  const text = raw.replace(/[\r\n\0]+$/, '');
  const m = /^<(\d{1,3})>/.exec(text);
  const pri = m && Number(m[1]) <= 191 ? Number(m[1]) : 13;
  const body = m && Number(m[1]) <= 191 ? text.slice(m[0].length) : text;
  if (body.startsWith('1 ')) {
    const parsed = rfc5424(body.slice(2), pri, now);
    if (parsed) return parsed;
  }
  return rfc3164(body, pri, now);
}

/** The inner entry of a syslog message (docs/agent.md, mapping table). */
export function mapSyslog(msg: SyslogMessage, ctx: MappingContext): EntryInput {
  const attrs: Record<string, string> = {
    'syslog.facility': FACILITIES[msg.facility] ?? String(msg.facility),
    'syslog.severity': SEVERITIES[msg.severity] as string,
  };
  if (msg.hostname) attrs['syslog.hostname'] = msg.hostname;
  if (msg.appName) attrs['syslog.app_name'] = msg.appName;
  if (msg.procId) attrs['syslog.proc_id'] = msg.procId;
  if (msg.msgId) attrs['syslog.msg_id'] = msg.msgId;
  for (const [k, v] of Object.entries(msg.structuredData ?? {})) attrs[`syslog.sd.${k}`] = v;
  return logEntry(ctx, msg.message, msg.severity + 1, msg.ts, attrs, msg.appName ?? msg.hostname);
}
