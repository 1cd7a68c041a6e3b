import { LogFluxError } from '../errors.js';
import { type EntryType, type PayloadType, PROTOCOL } from '../limits.js';
import { base64Encode } from './base64.js';
import { base64DecodeStrict } from './base64Strict.js';
import type { Envelope } from './envelope.js';
import type { MultipartPart } from './multipart.js';

const DECIMAL = /^(0|[1-9][0-9]{0,3})$/;
/** Sixteen characters of the standard alphabet: always the canonical base64 of exactly 12 bytes. */
const NONCE_TEXT = /^[A-Za-z0-9+/]{16}$/;

function fieldType(message: string): never {
  throw new LogFluxError('field_type', message);
}

/**
 * The envelope a multipart part stands for (docs/protocol.md §8.4 and §8.6): its `X-LF-*` headers
 * are the envelope fields and its body the already decoded payload, checked in the order of steps
 * 2 to 5 of §7 (`field_type`, `unknown_payload_type`, `base64`, `nonce_length`, `size_limit`, `auth`).
 * `encode` writes the payload as base64 (a runtime may pass a native encoder).
 */
export function multipartPartEnvelope(part: MultipartPart, encode: (bytes: Uint8Array) => string = base64Encode): Envelope {
  const h = part.headers;
  const payloadType = h.get('x-lf-payload-type');
  const entryType = h.get('x-lf-entry-type');
  const keyId = h.get('x-lf-key-id');
  const nonce = h.get('x-lf-nonce');
  const timestamp = h.get('x-lf-timestamp');
  if (payloadType === undefined || !DECIMAL.test(payloadType)) fieldType('X-LF-Payload-Type must be a decimal integer');
  if (nonce === undefined) fieldType('X-LF-Nonce is missing');
  if (keyId === undefined || keyId === '') fieldType('X-LF-Key-ID is missing or empty');
  if (entryType !== undefined && (!DECIMAL.test(entryType) || Number(entryType) < 1 || Number(entryType) > 7)) {
    fieldType('X-LF-Entry-Type must be an integer from 1 to 7');
  }
  const pt = Number(payloadType);
  if (pt !== 1 && pt !== 2) throw new LogFluxError('unknown_payload_type', `payload_type ${pt} is not 1 (gzip) or 2 (zstd)`);
  // The common case needs no decoding; anything else is decoded for the reason it is refused.
  const nonceLength = NONCE_TEXT.test(nonce) ? 12 : base64DecodeStrict(nonce, 'X-LF-Nonce').length;
  if (nonceLength !== PROTOCOL.nonceBytes) {
    throw new LogFluxError('nonce_length', `the nonce is ${nonceLength} bytes; it must be ${PROTOCOL.nonceBytes}`);
  }
  if (part.body.length > PROTOCOL.maxPayloadBytes)
    throw new LogFluxError('size_limit', `the payload exceeds ${PROTOCOL.maxPayloadBytes} bytes`);
  if (part.body.length < PROTOCOL.tagBytes) throw new LogFluxError('auth', 'the payload is shorter than the 16-byte tag');
  const envelope = {} as Envelope;
  if (timestamp !== undefined) envelope.timestamp = timestamp;
  if (entryType !== undefined) envelope.entry_type = Number(entryType) as EntryType;
  envelope.payload_type = pt as PayloadType;
  envelope.payload = encode(part.body);
  envelope.nonce = nonce;
  envelope.key_id = keyId;
  return envelope;
}
