/**
 * Salvage of the official C SDK's unescaped lines. It prints entries with one fixed layout,
 *   {"id":"…","message":"…","source":"…","entry_type":N,"level":N,"timestamp":N[,"shared_secret":"…"][,"labels":{…}]}
 * without escaping quotes, backslashes or control characters, into a 4,096-byte buffer. When such
 * a line is not JSON, this reads it by that layout — and only when the reading is unambiguous:
 * exactly one split of the text into message and the rest fits the layout. Labels that are not
 * JSON either are left out (attribute `labels_unparsed`). A line cut off by the C buffer keeps its
 * message text, marked `truncated`. Everything else stays a bad line.
 */

const PREFIX = /^\{"id":"([0-9A-Fa-f-]{1,64})","message":"/;
const SOURCE_MARK = '","source":"';
/** The rest after the message, for a given source pattern (lazy or greedy) — both must agree. */
const TAIL_LAZY =
  /^","source":"(.*?)","entry_type":(-?\d{1,3}),"level":(-?\d{1,3}),"timestamp":(-?\d{1,16})(?:,"shared_secret":"([^"]*)")?(?:,"labels":(\{.*\}))?\}\s*$/s;
const TAIL_GREEDY =
  /^","source":"(.*)","entry_type":(-?\d{1,3}),"level":(-?\d{1,3}),"timestamp":(-?\d{1,16})(?:,"shared_secret":"([^"]*)")?(?:,"labels":(\{.*\}))?\}\s*$/s;

/** Lines at least this long that fit no layout were cut by the C SDK's 4,096-byte buffer. */
const C_BUFFER_CUT = 4000;

export interface Salvaged {
  /** The object, as JSON.parse would have returned it had the line been escaped. */
  value: Record<string, unknown>;
  /** `unescaped` (read by the layout), `truncated` (message kept, the rest lost). */
  how: 'unescaped' | 'truncated';
}

/** Whether a line starts like a C SDK entry (worth holding when it is incomplete). */
export function looksLikeCEntry(line: string): boolean {
  return PREFIX.test(line);
}

function labelsOf(text: string | undefined): { labels?: unknown; unparsed?: true } {
  if (text === undefined) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? { labels: v } : { unparsed: true };
  } catch {
    return { unparsed: true };
  }
}

/** Reads a C SDK line that JSON.parse refused; undefined when it cannot be read unambiguously. */
export function salvageCLine(line: string): Salvaged | undefined {
  const prefix = PREFIX.exec(line);
  if (!prefix) return undefined;
  const rest = line.slice(prefix[0].length);
  const fits: { at: number; m: RegExpExecArray }[] = [];
  for (let at = rest.indexOf(SOURCE_MARK); at >= 0; at = rest.indexOf(SOURCE_MARK, at + 1)) {
    const tail = rest.slice(at);
    const lazy = TAIL_LAZY.exec(tail);
    if (!lazy) continue;
    const greedy = TAIL_GREEDY.exec(tail);
    if (!greedy || greedy[1] !== lazy[1] || greedy[6] !== lazy[6]) return undefined; // the source itself is ambiguous
    fits.push({ at, m: lazy });
  }
  if (fits.length > 1) return undefined;
  const fit = fits[0];
  if (!fit) {
    if (Buffer.byteLength(line) < C_BUFFER_CUT) return undefined;
    const cut = rest.indexOf(SOURCE_MARK);
    return { value: { id: prefix[1], message: cut >= 0 ? rest.slice(0, cut) : rest, labels: { truncated: 'true' } }, how: 'truncated' };
  }
  const m = fit.m;
  const { labels, unparsed } = labelsOf(m[6]);
  const value: Record<string, unknown> = {
    id: prefix[1],
    message: rest.slice(0, fit.at),
    source: m[1],
    entry_type: Number(m[2]),
    level: Number(m[3]),
    timestamp: Number(m[4]),
  };
  if (m[5] !== undefined) value.shared_secret = m[5];
  if (labels !== undefined) value.labels = labels;
  if (unparsed) value.labels = { labels_unparsed: 'true' };
  return { value, how: 'unescaped' };
}
