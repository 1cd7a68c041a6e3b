/**
 * `@logflux/middleware/fastify`: request logging for Fastify 4.10+ and 5, as a plugin:
 * `await app.register(logfluxFastify, { client })`, before the routes.
 */
import { AsyncResource } from 'node:async_hooks';
import { type Logger, withScope } from '@logflux/node';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
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

declare module 'fastify' {
  interface FastifyRequest {
    /** The request-scoped LogFlux logger (set by `logfluxFastify`). */
    logflux: Logger;
  }
}

const STATE = Symbol('logflux.request');
type Tracked = FastifyRequest & { [STATE]?: RequestState & { resource?: AsyncResource } };

/**
 * The Fastify plugin: one entry per request (route pattern from `routeOptions.url`),
 * `request.logflux`, the request's scope — kept across body parsing, up to the handler — and
 * errors captured with their stacks. Registered without encapsulation, so it covers every route.
 */
const plugin: FastifyPluginCallback<RequestLogOptions> = (fastify, options, done) => {
  const resolved = resolveRequestLog(options);
  fastify.decorateRequest('logflux', null as unknown as Logger);
  fastify.addHook('onRequest', (request, reply, next) => {
    let state: RequestState & { resource?: AsyncResource };
    try {
      state = startRequest(resolved, request.method, pathOf(request.url), (h) => request.headers[h]);
      (request as Tracked)[STATE] = state;
      request.logflux = state.logger;
      if (resolved.header) reply.header(resolved.header, state.requestId);
    } catch {
      next();
      return;
    }
    withScope(state.scope, () => {
      state.resource = new AsyncResource('logflux.request');
      next();
    });
  });
  // Body parsing runs from the request stream's events, outside the scope: re-enter it.
  fastify.addHook('preHandler', (request, _reply, next) => {
    const resource = (request as Tracked)[STATE]?.resource;
    if (resource) resource.runInAsyncScope(next);
    else next();
  });
  fastify.addHook('onError', (request, _reply, error, next) => {
    noteError((request as Tracked)[STATE], error);
    next();
  });
  fastify.addHook('onResponse', (request, reply, next) => {
    const state = (request as Tracked)[STATE];
    finishRequest(state, reply.statusCode, request.routeOptions?.url);
    state?.resource?.emitDestroy();
    next();
  });
  done();
};

// What fastify-plugin does: no encapsulation, so the hooks apply to the whole application.
Object.assign(plugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: '@logflux/middleware' });

export const logfluxFastify: FastifyPluginCallback<RequestLogOptions> = plugin;
export default logfluxFastify;
