import {
  base64DecodeStrict,
  type CodecProviders,
  envelopeToJson,
  LogFluxError,
  openEnvelope,
  portableProviders,
  sealEntry,
  sealPayload,
} from '@logflux/core';
import { describe, expect, it } from 'vitest';

const key = new Uint8Array(32).fill(9);
const providers: CodecProviders = portableProviders();

describe('envelope codec', () => {
  for (const payloadType of [1, 2] as const) {
    it(`round-trips payload type ${payloadType} with fields in spec order`, async () => {
      const entry = { v: '2.0', type: 'log', message: 'secret plaintext 🙈' };
      const envelope = await sealEntry(providers, entry, {
        key,
        keyId: 'k-1',
        payloadType,
        entryType: 1,
        timestamp: '2026-01-01T00:00:00.000Z',
      });
      const json = envelopeToJson(envelope);
      expect(Object.keys(JSON.parse(json))).toEqual(['timestamp', 'entry_type', 'payload_type', 'payload', 'nonce', 'key_id']);
      expect(json).not.toContain('secret plaintext');
      const opened = await openEnvelope(json, { providers, key });
      expect(opened.entry).toEqual(entry);
      expect(opened.envelope.payload_type).toBe(payloadType);
    });
  }

  it('uses a fresh 12-byte nonce per entry', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const e = await sealEntry(providers, { i }, { key, keyId: 'k', payloadType: 1 });
      expect(base64DecodeStrict(e.nonce)).toHaveLength(12);
      nonces.add(e.nonce);
    }
    expect(nonces.size).toBe(200);
  });

  it('honours the nonce test seam and rejects a wrong-size key', async () => {
    const nonce = new Uint8Array(12).fill(1);
    const a = await sealPayload(providers, new Uint8Array([123, 125]), { key, keyId: 'k', payloadType: 1, nonce });
    expect(a.nonce).toBe('AQEBAQEBAQEBAQEB');
    await expect(sealPayload(providers, new Uint8Array(1), { key: new Uint8Array(16), keyId: 'k', payloadType: 1 })).rejects.toMatchObject({
      errorClass: 'secret_length',
    });
  });

  it('reports an unknown key_id as auth and never echoes plaintext or keys', async () => {
    const envelope = await sealEntry(providers, { message: 'do-not-leak' }, { key, keyId: 'k', payloadType: 2 });
    const error = await openEnvelope(envelope, { providers, key: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogFluxError);
    expect((error as LogFluxError).errorClass).toBe('auth');
    const wrong = await openEnvelope(envelope, { providers, key: new Uint8Array(32) }).catch((e: unknown) => e);
    expect((wrong as LogFluxError).errorClass).toBe('auth');
    expect(String(wrong)).not.toContain('do-not-leak');
  });

  it('looks keys up by key_id', async () => {
    const envelope = await sealEntry(providers, { n: 1 }, { key, keyId: 'abc', payloadType: 1 });
    const seen: string[] = [];
    await openEnvelope(envelope, {
      providers,
      key: (id) => {
        seen.push(id);
        return key;
      },
    });
    expect(seen).toEqual(['abc']);
  });
});
