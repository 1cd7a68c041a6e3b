import type { Envelope } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { envelopeFields } from '../src/envelopeFields.js';

const base = { payload_type: 1 as const, payload: 'cGF5bG9hZA==', nonce: 'AAECAwQFBgcICQoL', key_id: 'k' };

describe('envelopeFields', () => {
  it('keeps exactly the members of §5.1, in the encoder order, with or without the optional ones', () => {
    const full = { timestamp: '2026-12-01T00:00:00.000Z', entry_type: 4 as const, ...base };
    const forged = { id: 9, received_at: 'x', extra: { deep: [1] }, ...full } as unknown as Envelope;
    expect(JSON.stringify(envelopeFields(forged))).toBe(JSON.stringify(full));
    expect(Object.keys(envelopeFields({ ...base, entry_type: 2 }))).toEqual(['entry_type', 'payload_type', 'payload', 'nonce', 'key_id']);
    expect(Object.keys(envelopeFields({ ...base, timestamp: 't' }))).toEqual(['timestamp', 'payload_type', 'payload', 'nonce', 'key_id']);
    expect(envelopeFields({ ...base, id: 1 } as unknown as Envelope)).toEqual(base);
  });
});
