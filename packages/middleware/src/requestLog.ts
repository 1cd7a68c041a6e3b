import { randomUUID } from 'node:crypto';
import { type Attributes, LogFluxError, type Logger } from '@logflux/node';

/** Options every middleware of this package takes. */
export interface RequestLogOptions {
  /** Where the entries go: a client from `createLogFlux` (or one of its child loggers). */
  client: Logger;
  /**
   * Add the `User-Agent` header as `user_agent.original` (default false: it can identify people,
   * so it is logged only when you ask).
   */
  userAgent?: boolean;
  /**
   * The header that carries a request id (default `x-request-id`). An incoming id of 1-128
   * characters from `A-Z a-z 0-9 . _ : -` is kept, otherwise a new UUID is made; the id is set on
   * the response under the same header. `false`: always a new id, no response header.
   */
  requestIdHeader?: string | false;
  /** Requests for which no request entry is written (health checks, say); they still get a logger and a scope. */
  skip?: (path: string, method: string) => boolean;
}

export interface ResolvedRequestLog {
  client: Logger;
  userAgent: boolean;
  header: string | undefined;
  skip: ((path: string, method: string) => boolean) | undefined;
}

export function resolveRequestLog(options: RequestLogOptions): ResolvedRequestLog {
  const client = options?.client as Partial<Logger> | undefined;
  if (!client || typeof client.log !== 'function' || typeof client.child !== 'function' || typeof client.captureError !== 'function') {
    throw new LogFluxError('invalid_option', 'the LogFlux middleware needs `client`: a client from createLogFlux() or a child logger');
  }
  const header = options.requestIdHeader === false ? undefined : (options.requestIdHeader ?? 'x-request-id').toLowerCase();
  return { client: client as Logger, userAgent: options.userAgent === true, header, skip: options.skip };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** One request from arrival to response. */
export interface RequestState {
  readonly options: ResolvedRequestLog;
  readonly method: string;
  readonly path: string;
  readonly requestId: string;
  readonly userAgent: string | undefined;
  readonly started: number;
  /** The request-scoped logger: the client's child with `request_id`, method and path. */
  readonly logger: Logger;
  /** The attributes of the request's scope (`withScope`): `request_id`. */
  readonly scope: Attributes;
  /** A server error seen while handling it (captured once, when the request ends). */
  error?: unknown;
  done?: boolean;
}

type HeaderValue = string | string[] | undefined | null;
const first = (v: HeaderValue): string | undefined => (Array.isArray(v) ? v[0] : (v ?? undefined));

/** Starts a request: its id (kept from the request id header when it is well-formed), logger and scope. */
export function startRequest(
  options: ResolvedRequestLog,
  method: string,
  path: string,
  header: (name: string) => HeaderValue,
): RequestState {
  const incoming = options.header ? first(header(options.header)) : undefined;
  const requestId = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const userAgent = options.userAgent ? first(header('user-agent')) : undefined;
  return {
    options,
    method,
    path,
    requestId,
    userAgent,
    started: performance.now(),
    logger: options.client.child({ request_id: requestId, 'http.request.method': method, 'url.path': path }),
    scope: { request_id: requestId },
  };
}

/** The path of a URL or of a path with a query, without the query. */
export function pathOf(url: string | undefined): string {
  const s = url ?? '/';
  const q = s.search(/[?#]/);
  return q === -1 ? s : s.slice(0, q);
}

/** The HTTP status an error asks for (`status` or `statusCode` from 400 to 599), if any. */
export function statusOf(error: unknown): number | undefined {
  const e = error as { status?: unknown; statusCode?: unknown } | null;
  const s = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  return s !== undefined && Number.isInteger(s) && s >= 400 && s <= 599 ? s : undefined;
}

/** Remembers an error the framework saw; client errors (4xx) are not captured. */
export function noteError(state: RequestState | undefined, error: unknown): void {
  if (state && state.error === undefined && (statusOf(error) ?? 500) >= 500) state.error = error;
}

/**
 * Ends a request: one entry — `METHOD route status` at info (2xx/3xx), warning (4xx) or error
 * (5xx) with method, route pattern, path, status, duration, request id and, when asked, the user
 * agent — and, if a server error was seen, that error captured with its stack and the same
 * attributes. Only once per request; never throws.
 */
export function finishRequest(state: RequestState | undefined, status: number, route: string | undefined, extra?: Attributes): void {
  if (!state || state.done) return;
  state.done = true;
  try {
    const { options } = state;
    const attributes: Attributes = {
      request_id: state.requestId,
      'http.request.method': state.method,
      ...(route ? { 'http.route': route } : {}),
      'url.path': state.path,
      'http.response.status_code': status,
      duration_ms: Math.round((performance.now() - state.started) * 10) / 10,
      ...(state.userAgent !== undefined ? { 'user_agent.original': state.userAgent } : {}),
      ...extra,
    };
    if (state.error !== undefined) options.client.captureError(state.error, { attributes });
    if (options.skip?.(state.path, state.method)) return;
    const level = status >= 500 ? 4 : status >= 400 ? 5 : 7;
    options.client.log(level, `${state.method} ${route ?? state.path} ${status}`, attributes);
  } catch {
    // a hostile header or option must not break the response
  }
}
