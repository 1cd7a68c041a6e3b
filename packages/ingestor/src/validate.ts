import {
  base64DecodeStrict,
  base64Encode,
  checkEnvelopeFields,
  decodeSealedFields,
  type Envelope,
  type ErrorClass,
  LogFluxError,
  PROTOCOL,
} from '@logflux/core';
import { envelopeFields } from './envelopeFields.js';
import type { Part } from './http/multipart.js';
import { MAX_ENVELOPE_DEPTH, nestsDeeperThan } from './jsonDepth.js';

/**
 * Validation at the door (docs/protocol.md §8.6): steps 1-5 of §7, everything the service can
 * check without the session key, plus the service's nesting limit. A failing entry fails alone,
 * with its error class. A passing JSON entry keeps only the protocol's envelope members.
 */
export type EntryCheck = { ok: true; envelope: Envelope } | { ok: false; error: ErrorClass; message: string };

function failure(error: unknown): EntryCheck {
  if (error instanceof LogFluxError) return { ok: false, error: error.errorClass, message: error.message };
  throw error;
}

export function checkJsonEntry(value: unknown, maxPayloadBytes: number): EntryCheck {
  try {
    if (nestsDeeperThan(value, MAX_ENVELOPE_DEPTH)) {
      throw new LogFluxError('envelope_json', `the envelope nests deeper than ${MAX_ENVELOPE_DEPTH} levels`);
    }
    const envelope = envelopeFields(checkEnvelopeFields(value));
    const { sealed } = decodeSealedFields(envelope);
    if (sealed.length > maxPayloadBytes) {
      throw new LogFluxError('size_limit', `the payload exceeds this service's ${maxPayloadBytes}-byte limit`);
    }
    return { ok: true, envelope };
  } catch (error) {
    return failure(error);
  }
}

const DECIMAL = /^(0|[1-9][0-9]{0,3})$/;

/** A multipart part, its headers standing for the envelope fields (§8.4). */
export function checkPart(part: Part, maxPayloadBytes: number): EntryCheck {
  try {
    const h = part.headers;
    const payloadType = h.get('x-lf-payload-type');
    const entryType = h.get('x-lf-entry-type');
    const keyId = h.get('x-lf-key-id');
    const nonce = h.get('x-lf-nonce');
    const timestamp = h.get('x-lf-timestamp');
    const bad = (what: string): never => {
      throw new LogFluxError('field_type', what);
    };
    if (payloadType === undefined || !DECIMAL.test(payloadType)) bad('X-LF-Payload-Type must be a decimal integer');
    if (keyId === undefined || keyId === '') bad('X-LF-Key-ID is missing');
    if (nonce === undefined) bad('X-LF-Nonce is missing');
    if (entryType !== undefined && (!DECIMAL.test(entryType) || Number(entryType) < 1 || Number(entryType) > 7)) {
      bad('X-LF-Entry-Type must be an integer from 1 to 7');
    }
    const pt = Number(payloadType);
    if (pt !== 1 && pt !== 2) throw new LogFluxError('unknown_payload_type', `payload_type ${pt} is not 1 or 2`);
    if (base64DecodeStrict(nonce as string, 'X-LF-Nonce').length !== PROTOCOL.nonceBytes) {
      throw new LogFluxError('nonce_length', 'the nonce must be 12 bytes');
    }
    if (part.body.length > Math.min(maxPayloadBytes, PROTOCOL.maxPayloadBytes))
      throw new LogFluxError('size_limit', 'the payload is too large');
    if (part.body.length < PROTOCOL.tagBytes) throw new LogFluxError('auth', 'the payload is shorter than the 16-byte tag');
    const envelope: Envelope = {
      ...(timestamp !== undefined ? { timestamp } : {}),
      ...(entryType !== undefined ? { entry_type: Number(entryType) as Envelope['entry_type'] } : {}),
      payload_type: pt,
      payload: base64Encode(part.body),
      nonce: nonce as string,
      key_id: keyId as string,
    };
    return { ok: true, envelope };
  } catch (error) {
    return failure(error);
  }
}
