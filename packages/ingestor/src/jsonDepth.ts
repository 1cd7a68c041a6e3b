/**
 * Nesting depth of parsed JSON without recursion, so no input can overflow the stack here (V8's
 * `JSON.parse` is iterative too; `JSON.stringify` is not, which is why a value nested too deep
 * must never get as far as storage). The top-level value is level 1; every array or object
 * inside opens one more level.
 */

/** Deepest nesting the ingestor accepts in an envelope (docs/protocol.md §8.6). */
export const MAX_ENVELOPE_DEPTH = 64;

/** True when `value` nests deeper than `max` levels. Stops as soon as it knows. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const v = item.value;
    if (typeof v !== 'object' || v === null) continue;
    if (item.depth > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: item.depth + 1 });
    }
  }
  return false;
}
