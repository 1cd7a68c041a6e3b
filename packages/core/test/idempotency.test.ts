import { childIdempotencyKey, envelopeJson, envelopeToJson, isIdempotencyKey, newIdempotencyKey, webRandom } from '@logflux/core';
import { describe, expect, it } from 'vitest';

describe('idempotency keys (docs/protocol.md §8.5)', () => {
  it('are 22 characters of the allowed alphabet, fresh each time', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey(webRandom)));
    expect(keys.size).toBe(200);
    for (const k of keys) {
      expect(k).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isIdempotencyKey(k)).toBe(true);
    }
    expect(isIdempotencyKey('short')).toBe(false);
    expect(isIdempotencyKey('a'.repeat(16) + '!')).toBe(false);
  });

  it('derive the keys of split halves and re-seals deterministically', () => {
    const parent = newIdempotencyKey(webRandom);
    expect(childIdempotencyKey(parent, 0)).toBe(`${parent}-0`);
    expect(childIdempotencyKey(childIdempotencyKey(parent, 1), 'r')).toBe(`${parent}-1-r`);
    expect(isIdempotencyKey(childIdempotencyKey(parent, 1))).toBe(true);
  });
});

describe('envelope text: one writer', () => {
  it('writes the spec’s field order and leaves out absent optional fields', () => {
    expect(envelopeJson('2026-11-22T09:30:00.000Z', 1, 1, 'cGF5', 'bm9uY2U=', '"k"')).toBe(
      '{"timestamp":"2026-11-22T09:30:00.000Z","entry_type":1,"payload_type":1,"payload":"cGF5","nonce":"bm9uY2U=","key_id":"k"}',
    );
    expect(envelopeJson(undefined, undefined, 2, 'cGF5', 'bm9uY2U=', '"k"')).toBe(
      '{"payload_type":2,"payload":"cGF5","nonce":"bm9uY2U=","key_id":"k"}',
    );
  });

  it('escapes whatever an envelope object holds, so its text is always valid JSON', () => {
    const odd = { timestamp: 'a"b', entry_type: 1 as const, payload_type: 1 as const, payload: 'x"y', nonce: '\\', key_id: 'k"\n' };
    expect(JSON.parse(envelopeToJson(odd))).toEqual(odd);
  });
});
