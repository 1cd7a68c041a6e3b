import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Error codes of docs/protocol.md §10.1, with their statuses. */
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_api_key: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  unknown_key: 410,
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  quota_exceeded: 507,
  storage_unavailable: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const newRequestId = () => `req_${randomBytes(8).toString('hex')}`;

/** True when the request announced a body that has not been received to its end. */
function bodyUnfinished(req: IncomingMessage | undefined): boolean {
  if (!req || req.complete) return false;
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * Writes a JSON response. A request whose body was not read to its end (refused before or while
 * reading it) gets `Connection: close`: the unread rest is never drained, the socket closes after
 * the answer. Other connections stay open (keep-alive).
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | number> = {}): void {
  const text = JSON.stringify(body);
  const close = bodyUnfinished(res.req) ? { Connection: 'close' } : {};
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers, ...close });
  res.end(text);
}

/** An error the request handlers throw to answer with the protocol's error envelope. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: {
      details?: unknown;
      retryAfter?: number;
      data?: unknown;
      headers?: Record<string, string | number>;
      status?: number;
    } = {},
  ) {
    super(message);
  }

  get status(): number {
    return this.extra.status ?? ERROR_STATUS[this.code];
  }

  body(requestId: string): unknown {
    return {
      status: 'error',
      error: {
        code: this.code,
        message: this.message,
        ...(this.extra.details !== undefined ? { details: this.extra.details } : {}),
        ...(this.extra.retryAfter !== undefined ? { retry_after: this.extra.retryAfter } : {}),
      },
      request_id: requestId,
      ...(this.extra.data !== undefined ? { data: this.extra.data } : {}),
    };
  }
}
