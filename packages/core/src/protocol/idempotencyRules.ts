/**
 * Idempotency keys beyond a fresh one (docs/protocol.md §8.5): keys derived from a request's, and
 * the form the service accepts. Apart from idempotency.ts, which is all a first request needs.
 */

/**
 * The key of a request derived from another with different content: one half of a 413 split
 * (`0`, `1`) or a re-seal after a 410 (`r`). Derived, not random, so that a re-send of the parent
 * (after a crash, from the spool) derives the same keys and the service stores it once.
 */
export function childIdempotencyKey(parent: string, part: 0 | 1 | 'r'): string {
  return `${parent}-${part}`;
}

const KEY = /^[A-Za-z0-9_-]{16,128}$/;

/** Whether a key has the form the service accepts. */
export function isIdempotencyKey(key: string): boolean {
  return KEY.test(key);
}
