import { describe, expect, it } from 'vitest';
import { newSecret, randomKey, secretsEqual } from '../src/secret.js';

describe('secrets', () => {
  it('compares in constant time and refuses an empty expected secret', () => {
    const s = newSecret();
    expect(secretsEqual(s, s)).toBe(true);
    expect(secretsEqual(`${s}x`, s)).toBe(false);
    expect(secretsEqual('', '')).toBe(false);
  });

  it('makes fresh secrets and valid idempotency keys', () => {
    expect(newSecret()).not.toBe(newSecret());
    expect(randomKey()).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});
