/** `value` when it is a JSON object (not null, not an array), else undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Parses a response body that must be a JSON object; `fail` throws the caller's error ("not JSON", "not a JSON object"). */
export function parseObject(body: string, fail: (reason: string) => never): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    fail('not JSON');
  }
  return asObject(value) ?? fail('not a JSON object');
}
