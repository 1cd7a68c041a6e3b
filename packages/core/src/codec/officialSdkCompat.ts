/**
 * The decoder compatibility rules for data written by the official LogFlux SDKs v3.0.1
 * (docs/protocol.md §7.8). A decoder applies them only when asked to (`compat`); strict decoding,
 * which the conformance vectors check, never does. Each rule that changes what is read is named by
 * a flag, so a reader can say what it tolerated.
 */

/** What a compatibility rule changed, in the order of docs/protocol.md §7.8. */
export const COMPAT_FLAGS = ['mislabelled_uncompressed', 'alias_metric_type', 'alias_description', 'timestamp_precision'] as const;

export type CompatFlag = (typeof COMPAT_FLAGS)[number];

/** How a session key was wrapped: as the protocol says, or as the Java SDK 3.0.1 does. */
export type KeyWrap = 'mgf1_sha256' | 'mgf1_sha1';

/** An RFC 3339 UTC time with 0 to 9 fractional digits (Go's RFC3339Nano drops trailing zeros). */
const UTC_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

/** `value` with exactly three fractional digits (truncated, never rounded), or undefined when unchanged. */
export function millisecondTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = UTC_TIME.exec(value);
  if (!m || m[2]?.length === 3) return undefined;
  return `${m[1]}.${(m[2] ?? '').slice(0, 3).padEnd(3, '0')}Z`;
}

/** A copy of `entry` with member `from` renamed to `to`, keeping the member order. */
function rename(entry: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  // fromEntries defines members (a JSON "__proto__" member stays a member, never a prototype).
  return Object.fromEntries(Object.entries(entry).map(([k, v]) => [k === from ? to : k, v]));
}

const has = (o: object, k: string) => Object.hasOwn(o, k);

/**
 * Rules 3 and 4 of docs/protocol.md §7.8 on a parsed plaintext: the JS/Java names `metric_type`
 * (metric) and `description` (trace) read as `kind` and `name` when the chosen name is absent, and
 * `ts` (and a trace's `start_time`/`end_time`) shown with millisecond precision. Returns the input
 * itself when no rule applies; never mutates it.
 */
export function normaliseOfficialSdkEntry(entry: Record<string, unknown>): { entry: Record<string, unknown>; flags: CompatFlag[] } {
  const flags: CompatFlag[] = [];
  let out = entry;
  if (out.type === 'metric' && has(out, 'metric_type') && !has(out, 'kind')) {
    out = rename(out, 'metric_type', 'kind');
    flags.push('alias_metric_type');
  }
  if (out.type === 'trace' && has(out, 'description') && !has(out, 'name')) {
    out = rename(out, 'description', 'name');
    flags.push('alias_description');
  }
  const timeFields = out.type === 'trace' ? ['ts', 'start_time', 'end_time'] : ['ts'];
  let retimed = false;
  for (const field of timeFields) {
    const fixed = millisecondTimestamp(out[field]);
    if (fixed === undefined) continue;
    if (out === entry) out = { ...entry };
    out[field] = fixed;
    retimed = true;
  }
  if (retimed) flags.push('timestamp_precision');
  return { entry: out, flags };
}
