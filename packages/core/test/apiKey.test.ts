import { LogFluxError, parseApiKey } from '@logflux/core';
import { describe, expect, it } from 'vitest';

const KEY = 'eu-lf_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

describe('parseApiKey', () => {
  it('keeps the secret out of every string form', () => {
    const key = parseApiKey(KEY);
    expect(key.region).toBe('eu');
    expect(key.reveal()).toBe(KEY);
    for (const text of [String(key), JSON.stringify({ key }), key.redacted, `${key}`]) {
      expect(text).not.toContain(KEY.slice(6));
      expect(text).toContain('redacted');
    }
  });

  it('never echoes a rejected key in the error', () => {
    const bad = `${KEY} `;
    try {
      parseApiKey(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LogFluxError);
      expect((error as LogFluxError).errorClass).toBe('api_key_format');
      expect((error as Error).message).not.toContain(KEY.slice(6));
    }
  });

  it('rejects non-strings', () => {
    expect(() => parseApiKey(undefined)).toThrow(/must be a string/);
  });
});
