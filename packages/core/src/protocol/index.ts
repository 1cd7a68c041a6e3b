/** The wire protocol, written once: endpoints, headers, the handshake, discovery, request bodies, idempotency keys, responses. */

export { parseBatchFailures } from './batchFailures.js';
export {
  type BodyFormat,
  batchBody,
  framedBytes,
  type RequestBody,
  requestBody,
  type SealedPieces,
  splitBySize,
} from './bodies.js';
export { callService } from './call.js';
export { type DiscoverOptions, discoverIngestor } from './discover.js';
export { DEFAULT_USER_AGENT, JSON_CONTENT_TYPE, PATHS, serviceHeaders } from './endpoints.js';
export { envelopeJson } from './envelopeText.js';
export { fetchRequest } from './fetchRequest.js';
export { type HandshakeOptions, type HandshakeResult, performHandshake } from './handshake.js';
export { bodyBytes, type HttpRequest, type HttpResponse, type RequestFunction } from './http.js';
export { newIdempotencyKey } from './idempotency.js';
export { childIdempotencyKey, isIdempotencyKey } from './idempotencyRules.js';
export {
  isHeaderSafe,
  multipartBody,
  multipartContentType,
  multipartPart,
  multipartPartHead,
  newBoundary,
} from './multipart.js';
export { type HandshakeInit, parseHandshakeComplete, parseHandshakeInit, type ServiceLimits } from './responses.js';
export { asJsonPieces, multipartParts, partToEnvelope, piecesOfBody } from './storedBodies.js';
