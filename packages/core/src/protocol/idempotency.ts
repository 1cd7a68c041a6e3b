import { base64Encode } from '../codec/base64.js';
import type { RandomSource } from '../providers.js';

/**
 * Idempotency keys (docs/protocol.md §8.5): 16 CSPRNG bytes as unpadded base64url, 22 characters
 * of `A–Z a–z 0–9 _ -`.
 */
export function newIdempotencyKey(random: RandomSource): string {
  return base64Encode(random(16)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
