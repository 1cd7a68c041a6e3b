/**
 * The service's endpoints (docs/protocol.md §3.5) and the headers every request carries (§8.1):
 * the one place a path or a protocol header is spelled out.
 */

export const PATHS = {
  handshakeInit: '/v1/handshake/init',
  handshakeComplete: '/v1/handshake/complete',
  /** Single entries and multipart batches. */
  ingest: '/v1/ingest',
  /** JSON batches. */
  batch: '/v1/batch',
  health: '/health',
  info: '/info',
} as const;

/** `User-Agent` of this implementation when a runtime does not name itself. */
export const DEFAULT_USER_AGENT = 'logflux-js/0.1.0';

export const JSON_CONTENT_TYPE = 'application/json';

/** The headers of a request to the service: the bearer key, the agent and, with a body, its type. */
export function serviceHeaders(apiKey: string, userAgent: string, contentType?: string, idempotencyKey?: string): Record<string, string> {
  const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}`, 'User-Agent': userAgent };
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
  return headers;
}
