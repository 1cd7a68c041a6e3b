import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh shared secret: 32 random bytes as 64 lowercase hex digits. */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Compares a presented secret with the expected one in constant time: both are hashed first,
 * so neither their contents nor their lengths show in the time taken.
 */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

/** A random idempotency key (24 characters of A-Z a-z 0-9 _ -). */
export function randomKey(): string {
  return randomBytes(18).toString('base64url');
}
