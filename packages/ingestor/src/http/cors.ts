import type { IncomingMessage } from 'node:http';

/**
 * CORS for browser clients on other origins (docs/protocol.md §8.8). Off unless origins are
 * configured. Authentication is a bearer header, never a cookie, so credentials mode is never
 * allowed (no `Access-Control-Allow-Credentials`).
 */

/** Methods the API takes, announced in every successful preflight. */
export const CORS_ALLOW_METHODS = ['GET', 'POST', 'OPTIONS'] as const;

/**
 * Request headers an SDK sends that are not CORS-safelisted (docs/protocol.md §8.1). `Content-Type`
 * is listed because `application/json` and `multipart/mixed` are not safelisted values;
 * `User-Agent` because browsers that let a page set it (Firefox) then ask for it in the preflight.
 */
export const CORS_ALLOW_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'User-Agent'] as const;

/** Response headers a client must be able to read; all others but the safelisted ones are hidden from scripts. */
export const CORS_EXPOSE_HEADERS = [
  'Retry-After',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Idempotent-Replayed',
] as const;

/** Seconds a browser may cache a preflight (Chromium caps this at 7200). */
export const CORS_MAX_AGE = 600;

/** Which origins may call the API from a browser. */
export class CorsPolicy {
  private constructor(
    private readonly any: boolean,
    private readonly origins: ReadonlySet<string>,
  ) {}

  /**
   * A policy for `allowedOrigins`, or undefined (CORS off, no CORS headers at all) when the list is
   * absent or empty. `'*'` allows every origin. Anything else must be an http(s) origin,
   * `scheme://host[:port]`; it is normalised (lower-case host, default port dropped) the way
   * browsers serialise the `Origin` header. Throws on anything that is not an origin.
   */
  static from(allowedOrigins: readonly string[] | undefined): CorsPolicy | undefined {
    if (allowedOrigins === undefined || allowedOrigins.length === 0) return undefined;
    let any = false;
    const origins = new Set<string>();
    for (const entry of allowedOrigins) {
      if (entry === '*') any = true;
      else origins.add(normaliseOrigin(entry));
    }
    return new CorsPolicy(any, origins);
  }

  /** True when `origin` (an `Origin` request header) may use the API. */
  allows(origin: string): boolean {
    return this.any || this.origins.has(origin);
  }

  /** `'*'`, or the normalised origins, for display. */
  describe(): string[] {
    return this.any ? ['*'] : [...this.origins];
  }
}

function normaliseOrigin(entry: string): string {
  const hint = 'an allowed origin is "*" or scheme://host[:port], e.g. http://localhost:5173';
  if (typeof entry !== 'string') throw new Error(`allowed origin ${JSON.stringify(entry)} is not a string; ${hint}`);
  if (entry.trim() === '') throw new Error(`allowed origin is empty; ${hint}`);
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new Error(`allowed origin "${entry}" is not a URL; ${hint}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`allowed origin "${entry}" is not http or https; ${hint}`);
  }
  if (url.username !== '' || url.password !== '') throw new Error(`allowed origin "${entry}" has user info; ${hint}`);
  // `new URL` turns a missing path into "/"; any other path, a query or a fragment is not an origin.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[?#]/.test(entry)) {
    throw new Error(`allowed origin "${entry}" has a path, query or fragment; ${hint}`);
  }
  return url.origin;
}

/** The request's `Origin` header, when it has exactly one. */
export function requestOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin !== '' ? origin : undefined;
}

/** A CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`. */
export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && requestOrigin(req) !== undefined && req.headers['access-control-request-method'] !== undefined;
}

/** Headers of a successful (204) preflight answer for an allowed `origin`. */
export function preflightHeaders(req: IncomingMessage, origin: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': CORS_ALLOW_METHODS.join(', '),
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS.join(', '),
    'Access-Control-Max-Age': String(CORS_MAX_AGE),
  };
  // Private Network Access: a page on a public address calling this loopback server.
  if (req.headers['access-control-request-private-network'] === 'true') headers['Access-Control-Allow-Private-Network'] = 'true';
  return headers;
}

/** Headers added to every actual (non-preflight) response for an allowed `origin`. */
export function responseHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS.join(', '),
  };
}
