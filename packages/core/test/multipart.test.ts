import {
  base64Encode,
  fromHex,
  multipartBody,
  multipartBoundary,
  multipartPart,
  multipartParts,
  partToEnvelope,
  piecesOfBody,
  requestBody,
} from '@logflux/core';
import { describe, expect, it } from 'vitest';

// The byte-exact example of docs/protocol.md §8.4.
const KEY_ID = '7f8a9b0c-1d2e-3f4a-5b6c-7d8e9f0a1b2c';
const PAYLOAD_1 = fromHex(
  '5889de1bc5e5c21b8f428207f0e3fb5d939328164315bb1b62e30399401c175061d5e6be0d439aef9bc086d3677aa336' +
    '9c9d5d651b0d3a9f1e3163b8be5e7168111ba73328b75aff69dbd826cbb8a6b66383d7eec3e5aaeb4a865ccd45701617' +
    '602cb341d2d002323baf46c3df881dad4760ab0e2e47539a4dff8dd29139b75856c900da3975486c241d',
);
const PAYLOAD_2 = fromHex(
  '877561d87f76fc5335296d59d081a6d75907127c455052ee5a1c3973f389f55a749bbb0f693d51c2019497cfe5a2aa9a' +
    '96f73bad8fe2f430d9d3c299c718a5585cdc331742c0b5c3c8f0a7bb967ed256157a61cb00922d002069448d4d21b803' +
    'caeadc86f0cb0d45c81a3b79e61e119997587c3cf5694a77c4af9da91a95e9f585221c7b1e',
);
const BOUNDARY_BYTES = fromHex('7d1f0c9a4b2e4f63a8c5e0b1d2f3a4b5');

function exampleParts(): Uint8Array[] {
  return [
    multipartPart('2026-11-22T09:30:00.000Z', 1, 1, KEY_ID, 'AAECAwQFBgcICQoL', PAYLOAD_1),
    multipartPart('2026-11-22T09:30:01.250Z', 4, 1, KEY_ID, 'DA0ODxAREhMUFRYX', PAYLOAD_2),
  ];
}

describe('multipart batches (docs/protocol.md §8.4)', () => {
  it('frames the spec’s example byte for byte: 808 bytes, CRLF before every delimiter', () => {
    const { body, contentType } = multipartBody(exampleParts(), () => BOUNDARY_BYTES);
    expect(contentType).toBe('multipart/mixed; boundary=lf-7d1f0c9a4b2e4f63a8c5e0b1d2f3a4b5');
    expect(body.length).toBe(808);
    const text = Buffer.from(body).toString('latin1');
    const b = '--lf-7d1f0c9a4b2e4f63a8c5e0b1d2f3a4b5';
    expect(text.startsWith(`${b}\r\nContent-Type: application/octet-stream\r\nX-LF-Entry-Type: 1\r\nX-LF-Payload-Type: 1\r\n`)).toBe(true);
    expect(text.endsWith(`${Buffer.from(PAYLOAD_2).toString('latin1')}\r\n${b}--\r\n`)).toBe(true);
    expect(text.split(`\r\n${b}\r\n`)).toHaveLength(2);
  });

  it('reads its own bodies back into parts and envelopes', () => {
    const { body, contentType } = multipartBody(exampleParts(), () => BOUNDARY_BYTES);
    const parts = multipartParts(body, multipartBoundary(contentType) as string);
    expect(parts).toEqual(exampleParts());
    expect(JSON.parse(partToEnvelope(parts[1] as Uint8Array))).toEqual({
      timestamp: '2026-11-22T09:30:01.250Z',
      entry_type: 4,
      payload_type: 1,
      payload: base64Encode(PAYLOAD_2),
      nonce: 'DA0ODxAREhMUFRYX',
      key_id: KEY_ID,
    });
    expect(piecesOfBody(body, contentType)).toEqual({ format: 'multipart', pieces: exampleParts() });
  });

  it('draws another boundary when one appears inside a part', () => {
    const colliding = new TextEncoder().encode('--lf-00000000000000000000000000000000');
    const draws = [new Uint8Array(16), BOUNDARY_BYTES];
    const { contentType } = multipartBody([colliding], () => draws.shift() as Uint8Array);
    expect(contentType).toBe('multipart/mixed; boundary=lf-7d1f0c9a4b2e4f63a8c5e0b1d2f3a4b5');
  });

  it('frames JSON batches too, and reads them back', () => {
    const { body, contentType } = requestBody({ format: 'json', pieces: ['{"a":1}', '{"b":2}'] }, () => BOUNDARY_BYTES);
    expect(contentType).toBe('application/json');
    expect(body).toBe('{"entries":[{"a":1},{"b":2}]}');
    expect(piecesOfBody(body, contentType)).toEqual({ format: 'json', pieces: ['{"a":1}', '{"b":2}'] });
  });
});
