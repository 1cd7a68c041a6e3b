/**
 * `@logflux/middleware/hono`: request logging for Hono 4 (any runtime with `AsyncLocalStorage`:
 * Node through `@hono/node-server`, Bun, Deno): `app.use(logfluxHono({ client }))`, first.
 */
import { type Logger, withScope } from '@logflux/node';
import type { MiddlewareHandler } from 'hono';
import { finishRequest, noteError, type RequestLogOptions, resolveRequestLog, startRequest } from './requestLog.js';

export type { RequestLogOptions } from './requestLog.js';

/** The context variables this middleware sets: `c.get('logflux')`, `c.var.logflux`. */
export type LogFluxVariables = { logflux: Logger };

interface MatchedRoute {
  path: string;
  handler: unknown;
}

/** The route pattern that answered (not a middleware's), from Hono's matched routes. */
function routeOf(req: { matchedRoutes?: MatchedRoute[]; routeIndex?: number }, self: unknown): string | undefined {
  try {
    const routes = req.matchedRoutes ?? [];
    const route = routes[req.routeIndex ?? routes.length - 1];
    return route && route.handler !== self ? route.path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Hono middleware: one entry per request, `c.var.logflux`, the request's scope, and errors
 * (Hono hands them to `app.onError` and keeps them as `c.error`) captured with their stacks.
 */
export function logfluxHono(options: RequestLogOptions): MiddlewareHandler<{ Variables: LogFluxVariables }> {
  const resolved = resolveRequestLog(options);
  const middleware: MiddlewareHandler<{ Variables: LogFluxVariables }> = async (c, next) => {
    const state = startRequest(resolved, c.req.method, c.req.path, (h) => c.req.header(h));
    c.set('logflux', state.logger);
    try {
      await withScope(state.scope, () => next());
    } catch (error) {
      noteError(state, error);
      finishRequest(state, 500, routeOf(c.req as never, middleware));
      throw error;
    }
    if (c.error) noteError(state, c.error);
    if (resolved.header) {
      try {
        c.header(resolved.header, state.requestId);
      } catch {
        // an immutable response: leave it as it is
      }
    }
    finishRequest(state, c.res.status, routeOf(c.req as never, middleware));
  };
  return middleware;
}
