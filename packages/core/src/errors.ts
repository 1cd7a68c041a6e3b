/**
 * Every failure the protocol layer reports carries one of these classes. The names are part of the
 * protocol (docs/protocol.md §10) and of the test vectors, so they never change meaning.
 */
export const ERROR_CLASSES = [
  // envelope decoding, in the order of docs/protocol.md §7
  'envelope_json',
  'field_type',
  'unknown_payload_type',
  'base64',
  'nonce_length',
  'auth',
  'decompress',
  'size_limit',
  'plaintext_json',
  'plaintext_too_deep',
  // multipart ingest bodies (docs/protocol.md §8.4)
  'multipart_framing',
  // API keys and endpoints
  'api_key_format',
  'unknown_region',
  'no_region',
  'invalid_url',
  'insecure_endpoint',
  'discovery_response',
  // handshake and keys
  'key_format',
  'key_too_small',
  'pin_mismatch',
  'pin_format',
  'oaep',
  'secret_length',
  'handshake_response',
  // client pipeline (docs/protocol.md §10.2, second table)
  'invalid_option',
  'invalid_entry',
  'hook_failed',
  'seal_failed',
  'unauthorized',
  'rejected',
  'too_large',
  'quota_exceeded',
  'network',
  'unknown_key',
  'internal',
] as const;

export type ErrorClass = (typeof ERROR_CLASSES)[number];

/**
 * The one error type the protocol layer throws. `errorClass` says what went wrong in a way code can
 * branch on; `message` is for people and never contains keys, secrets or plaintext.
 */
export class LogFluxError extends Error {
  override readonly name = 'LogFluxError';
  readonly errorClass: ErrorClass;

  constructor(errorClass: ErrorClass, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.errorClass = errorClass;
  }
}

export function isLogFluxError(value: unknown, errorClass?: ErrorClass): value is LogFluxError {
  return value instanceof LogFluxError && (errorClass === undefined || value.errorClass === errorClass);
}
