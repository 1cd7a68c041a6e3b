import {
  checkEnvelopeFields,
  decodeSealedFields,
  type Envelope,
  type ErrorClass,
  LogFluxError,
  multipartPartEnvelope,
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

/**
 * Base64 by Node's native encoder for payloads that are views into `body` (the request body):
 * encoded straight from the body, without a Buffer object per payload.
 */
export function base64Within(body: Buffer): (bytes: Uint8Array) => string {
  return (bytes) => {
    const start = bytes.byteOffset - body.byteOffset;
    if (bytes.buffer === body.buffer && start >= 0 && start + bytes.length <= body.length) {
      return body.toString('base64', start, start + bytes.length);
    }
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
  };
}

/**
 * A multipart part, its headers standing for the envelope fields (§8.4, §8.6; core's rules).
 * `encode`: the payload as base64 ({@link base64Within} for parts of a request body).
 */
export function checkPart(part: Part, maxPayloadBytes: number, encode: (bytes: Uint8Array) => string): EntryCheck {
  try {
    const envelope = multipartPartEnvelope(part, encode);
    if (part.body.length > maxPayloadBytes) {
      throw new LogFluxError('size_limit', `the payload exceeds this service's ${maxPayloadBytes}-byte limit`);
    }
    return { ok: true, envelope };
  } catch (error) {
    return failure(error);
  }
}
