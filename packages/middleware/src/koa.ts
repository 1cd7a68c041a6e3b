/**
 * `@logflux/middleware/koa`: request logging for Koa 2 and 3: `app.use(logfluxKoa({ client }))`,
 * first, so that it sees the errors of everything after it.
 */
import { type Logger, withScope } from '@logflux/node';
import { finishRequest, noteError, type RequestLogOptions, resolveRequestLog, startRequest, statusOf } from './requestLog.js';

export type { RequestLogOptions } from './requestLog.js';

/** The parts of Koa's context the middleware uses (`@koa/router` sets `_matchedRoute`). */
export interface KoaContextLike {
  method: string;
  path: string;
  status: number;
  get(field: string): string;
  set(field: string, value: string): void;
  _matchedRoute?: string | RegExp | undefined;
  /** The request-scoped LogFlux logger (set by `logfluxKoa`). */
  logflux?: Logger;
}

/**
 * The Koa middleware: one entry per request (the route pattern from `@koa/router`), `ctx.logflux`,
 * the request's scope, and errors thrown downstream captured with their stacks (then rethrown for
 * Koa to answer).
 */
export function logfluxKoa(options: RequestLogOptions): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void> {
  const resolved = resolveRequestLog(options);
  return async (ctx, next) => {
    const state = startRequest(resolved, ctx.method, ctx.path, (h) => ctx.get(h) || undefined);
    ctx.logflux = state.logger;
    if (resolved.header) ctx.set(resolved.header, state.requestId);
    const route = () => (typeof ctx._matchedRoute === 'string' ? ctx._matchedRoute : undefined);
    try {
      await withScope(state.scope, next);
    } catch (error) {
      noteError(state, error);
      finishRequest(state, statusOf(error) ?? 500, route());
      throw error;
    }
    finishRequest(state, ctx.status, route());
  };
}
