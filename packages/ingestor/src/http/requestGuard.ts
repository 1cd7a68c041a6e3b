import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestAborted } from './body.js';
import type { RequestContext } from './context.js';
import { HttpError, newRequestId, sendJson } from './respond.js';

/**
 * The only way requests reach the routes. Whatever a handler does — throws, rejects, or fails
 * after the headers went out — ends in an answer for that request alone or in its connection
 * being closed, never in an exception or a rejection that leaves this function: the listener it
 * returns is synchronous and swallows nothing silently (internal errors go to `onError`, without
 * request data).
 */

export type RouteHandler = (ctx: RequestContext) => void | Promise<void>;

export interface GuardOptions {
  /** Reports internal errors (a message without request bodies or secrets). */
  onError: (message: string) => void;
  /** Maps an error that is not an {@link HttpError} to one (e.g. a storage failure to 507). */
  translate?: (error: unknown) => HttpError | undefined;
}

const ignore = () => {};

/** The URL of a request; any request target becomes some path (`//` and the like included). */
function requestUrl(req: IncomingMessage): URL {
  const target = req.url ?? '/';
  try {
    return new URL(`http://localhost${target.startsWith('/') ? target : `/${target}`}`);
  } catch {
    return new URL('http://localhost/');
  }
}

export function guardRequests(handler: RouteHandler, options: GuardOptions): (req: IncomingMessage, res: ServerResponse) => void {
  function answerError(ctx: RequestContext, error: unknown): void {
    const { req, res } = ctx;
    if (error instanceof RequestAborted) {
      res.destroy();
      return;
    }
    const http = error instanceof HttpError ? error : options.translate?.(error);
    if (!http) {
      const message = error instanceof Error ? error.message : String(error);
      options.onError(`internal error on ${req.method} ${ctx.url.pathname}: ${message}`);
    }
    if (res.headersSent || res.destroyed || req.socket?.destroyed !== false) {
      // Too late for a status: the client must see a broken response, not a wrong one.
      res.destroy();
      return;
    }
    const answer = http ?? new HttpError('internal', 'internal error');
    sendJson(res, answer.status, answer.body(ctx.requestId), { ...ctx.headers, ...(answer.extra.headers ?? {}) });
  }

  async function run(ctx: RequestContext): Promise<void> {
    try {
      await handler(ctx);
    } catch (error) {
      answerError(ctx, error);
    }
  }

  return (req, res) => {
    // Stream errors surface through the body reader or the socket closing; never as an 'error'
    // event without a listener.
    req.on('error', ignore);
    res.on('error', ignore);
    const ctx: RequestContext = { req, res, url: requestUrl(req), requestId: newRequestId(), headers: {} };
    run(ctx).catch((error: unknown) => {
      // Only reachable if answering itself failed (e.g. a header value Node refuses).
      options.onError(`could not answer ${req.method} ${ctx.url.pathname}: ${error instanceof Error ? error.message : String(error)}`);
      res.destroy();
    });
  };
}
