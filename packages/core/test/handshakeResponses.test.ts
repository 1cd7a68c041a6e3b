import { PROTOCOL, parseHandshakeComplete, parseHandshakeInit } from '@logflux/core';
import { describe, expect, it } from 'vitest';

describe('handshake responses', () => {
  it('reads init in the top-level and wrapped forms', () => {
    const inner = {
      public_key: 'PEM',
      supports_multipart: true,
      limits: { max_batch_size: 500, max_payload_size: 1000, max_request_size: 2000 },
    };
    const want = {
      publicKeyPem: 'PEM',
      supportsMultipart: true,
      limits: { maxBatchSize: 500, maxPayloadSize: 1000, maxRequestSize: 2000 },
    };
    expect(parseHandshakeInit(JSON.stringify(inner))).toEqual(want);
    expect(parseHandshakeInit(JSON.stringify({ status: 'success', message: 'ok', data: inner }))).toEqual(want);
  });

  it('falls back to the protocol defaults and caps at protocol maxima', () => {
    const r = parseHandshakeInit(JSON.stringify({ public_key: 'PEM', limits: { max_batch_size: 5000, max_payload_size: 'x' } }));
    expect(r.limits).toEqual({
      maxBatchSize: PROTOCOL.maxBatchEntries,
      maxPayloadSize: PROTOCOL.maxPayloadBytes,
      maxRequestSize: PROTOCOL.maxRequestBytes,
    });
    expect(r.supportsMultipart).toBe(false);
  });

  it('reads key_id, legacy key_uuid and the wrapped form', () => {
    expect(parseHandshakeComplete('{"key_id":"a"}')).toEqual({ keyId: 'a' });
    expect(parseHandshakeComplete('{"key_uuid":"b"}')).toEqual({ keyId: 'b' });
    expect(parseHandshakeComplete('{"status":"success","data":{"key_id":"c"}}')).toEqual({ keyId: 'c' });
  });

  it('rejects unusable bodies with handshake_response', () => {
    for (const body of ['<html>', '[]', '{"data":{}}', '{"key_id":""}', `{"key_id":"${'x'.repeat(129)}"}`]) {
      expect(() => parseHandshakeComplete(body)).toThrow(expect.objectContaining({ errorClass: 'handshake_response' }));
    }
    expect(() => parseHandshakeInit('{"public_key":5}')).toThrow(expect.objectContaining({ errorClass: 'handshake_response' }));
  });
});
