/**
 * The HTTP seam. As in Sentry's transports, the platform part of delivery is only a request
 * function; retries, rate limits, buffering and drop accounting live in core.
 */

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** A JSON text, or binary (multipart batches). */
  body?: string | Uint8Array;
  /** Abort and reject after this many milliseconds. */
  timeoutMs: number;
  /**
   * Set while the host is going away (a hidden or closing page): send so that the request
   * outlives it (`fetch(…, {keepalive: true})`), within the platform's keepalive budget. Core keeps
   * such bodies within `ClientPlatform.keepaliveBytes`.
   */
  keepalive?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined;
  body: string;
}

/** Performs one HTTP request. Rejects only for network errors and timeouts, never for a status. */
export type RequestFunction = (request: HttpRequest) => Promise<HttpResponse>;

/** Bytes of a request body (UTF-8 for text). */
export function bodyBytes(body: string | Uint8Array | undefined): number {
  if (body === undefined) return 0;
  if (typeof body !== 'string') return body.length;
  let n = body.length;
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) > 0x7f) n += body.charCodeAt(i) > 0x7ff ? 2 : 1;
  return n;
}
