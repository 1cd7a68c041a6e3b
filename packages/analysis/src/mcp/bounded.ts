import type { Plain } from '../values.js';

/** Ceiling on the text of one tool result (UTF-16 code units ≈ bytes for log text). */
export const MAX_RESULT_CHARS = 64 * 1024;
/** Ceiling on one string field inside a result. */
export const MAX_FIELD_CHARS = 2048;

/** Shortens long strings anywhere in a value, marking each cut with "…[+N chars]". */
export function clip(value: Plain, max = MAX_FIELD_CHARS): Plain {
  if (typeof value === 'string') return value.length > max ? `${value.slice(0, max)}…[+${value.length - max} chars]` : value;
  if (Array.isArray(value)) return value.map((v) => clip(v, max));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Plain> = {};
    for (const [k, v] of Object.entries(value)) out[k] = clip(v, max);
    return out;
  }
  return value;
}

/**
 * JSON text of `head` plus as many `items` (under `key`) as fit in {@link MAX_RESULT_CHARS};
 * `truncated` tells whether some were left out.
 */
export function boundedList(head: Record<string, Plain>, key: string, items: Plain[], maxChars = MAX_RESULT_CHARS): string {
  const kept: Plain[] = [];
  let size = JSON.stringify({ ...head, [key]: [], truncated: true }).length;
  for (const item of items) {
    const s = JSON.stringify(item).length + 1;
    if (size + s > maxChars) break;
    kept.push(item);
    size += s;
  }
  return JSON.stringify({ ...head, [key]: kept, truncated: kept.length < items.length || head.truncated === true });
}
