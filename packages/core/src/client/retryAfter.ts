/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. Returns milliseconds
 * from `now`, clamped to [0, maxMs], or undefined when absent or unparsable — never NaN.
 */
export function parseRetryAfter(value: string | undefined, now: number, maxMs = 3_600_000): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, maxMs);
  if (!/[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), maxMs);
}
