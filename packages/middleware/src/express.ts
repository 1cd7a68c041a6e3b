/**
 * `@logflux/middleware/express`: request logging for Express 4 and 5.
 *
 *     const logflux = logfluxExpress({ client });
 *     app.use(logflux);          // first, before the routes
 *     ...routes...
 *     app.use(logflux.errors);   // after the routes: captures errors with their stacks
 */
import { type Logger, withScope } from '@logflux/node';
import {
  finishRequest,
  noteError,
  pathOf,
  type RequestLogOptions,
  type RequestState,
  resolveRequestLog,
  startRequest,
} from './requestLog.js';

export type { RequestLogOptions } from './requestLog.js';

declare global {
  // Express's own augmentation point: `req.logflux` in route handlers.
  namespace Express {
    interface Request {
      /** The request-scoped LogFlux logger (set by `logfluxExpress`). */
      logflux: Logger;
    }
  }
}

/** The parts of Express's request and response the middleware uses. */
export interface ExpressRequestLike {
  method: string;
  originalUrl?: string;
  url?: string;
  baseUrl?: string;
  route?: { path?: unknown } | undefined;
  headers: Record<string, string | string[] | undefined>;
  logflux?: Logger;
}
export interface ExpressResponseLike {
  statusCode: number;
  writableFinished?: boolean;
  setHeader(name: string, value: string): unknown;
  once(event: 'close', listener: () => void): unknown;
}
/** Express's `next`. */
export type ExpressNext = (error?: unknown) => void;

export interface ExpressMiddleware {
  (req: ExpressRequestLike, res: ExpressResponseLike, next: ExpressNext): void;
  /** Error middleware (register after the routes): captures the error with its stack, then passes it on. */
  errors: (error: unknown, req: ExpressRequestLike, res: ExpressResponseLike, next: ExpressNext) => void;
}

const STATE = Symbol('logflux.request');
type WithState = { [STATE]?: RequestState };

function routeOf(req: ExpressRequestLike): string | undefined {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : undefined;
}

/** The Express middleware: one entry per request, `req.logflux`, the request's scope; `.errors` for errors. */
export function logfluxExpress(options: RequestLogOptions): ExpressMiddleware {
  const resolved = resolveRequestLog(options);
  const middleware = ((req, res, next) => {
    let state: RequestState;
    try {
      state = startRequest(resolved, req.method, pathOf(req.originalUrl ?? req.url), (h) => req.headers[h]);
      (req as WithState)[STATE] = state;
      req.logflux = state.logger;
      if (resolved.header) res.setHeader(resolved.header, state.requestId);
      res.once('close', () =>
        finishRequest(state, res.statusCode, routeOf(req), res.writableFinished === false ? { aborted: true } : undefined),
      );
    } catch {
      next();
      return;
    }
    // Body parsers reading the request stream later stay in the scope: Node runs the stream's
    // events in the context of the request (the slow-body test checks it).
    withScope(state.scope, next);
  }) as ExpressMiddleware;
  middleware.errors = (error, req, _res, next) => {
    noteError((req as WithState)[STATE], error);
    next(error);
  };
  return middleware;
}
