import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost, PROTOCOL } from '@logflux/core';
import { FaultInjector, parseFault } from './faults.js';
import { readBody } from './http/body.js';
import { bearerToken, type RequestContext } from './http/context.js';
import { CorsPolicy, isPreflight, preflightHeaders, requestOrigin, responseHeaders } from './http/cors.js';
import { ERROR_STATUS, type ErrorCode, HttpError, newRequestId, sendJson } from './http/respond.js';
import { RateLimiter } from './rateLimit.js';
import { authenticatedDiscovery, staticDiscovery } from './routes/discovery.js';
import { handshakeComplete, handshakeInit, jsonObject, type Limits } from './routes/handshake.js';
import { type IngestDeps, ingest, sendStored } from './routes/ingest.js';
import { getKeys, listEntries } from './routes/read.js';
import { IngestStore, type StoredResponse } from './store.js';
import { type Tenant, TenantRegistry } from './tenants.js';

export const INGESTOR_VERSION = '0.1.0';

/** Options of {@link startIngestor}; every one has a safe default. */
export interface IngestorOptions {
  /** Where tenants, session keys and entries are kept. Created if missing. */
  dataDir: string;
  /** Interface to listen on (default 127.0.0.1). Anything but loopback needs `allowExternal`. */
  host?: string;
  /** Port (default 0: an ephemeral port, see `url`). */
  port?: number;
  /** Explicit consent to listen on a non-loopback interface. */
  allowExternal?: boolean;
  /** Limits announced in the handshake and enforced at the door (protocol defaults). */
  limits?: Partial<Limits>;
  /** Requests per minute and burst per API key (600/100), or false to disable. */
  rateLimit?: { perMinute: number; burst: number } | false;
  /** Enables the fault injector and its `/__admin/faults` endpoint (default off). */
  faultInjection?: boolean;
  /** Whether handshake/init announces multipart support (default true). */
  supportsMultipart?: boolean;
  /** fdatasync every commit (default true). */
  sync?: boolean;
  /**
   * Origins whose browser pages may call the API (CORS), e.g. `['http://localhost:5173']`; `'*'`
   * allows any origin. Default: none, and then no CORS headers are sent at all. Throws at start on
   * an entry that is not `'*'` or an http(s) origin `scheme://host[:port]`.
   */
  allowedOrigins?: readonly string[];
  /** Where to report internal errors (never request bodies). Default: stderr. */
  onError?: (message: string) => void;
}

export interface Ingestor {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  readonly port: number;
  readonly tenants: TenantRegistry;
  readonly store: IngestStore;
  /** Present only when started with `faultInjection: true`. */
  readonly faults: FaultInjector | undefined;
  close(): Promise<void>;
}

const STATUS_CODES: Record<number, ErrorCode> = Object.fromEntries(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]),
);

/** Starts the reference ingestor. Resolves once it is listening and its store is replayed. */
export async function startIngestor(options: IngestorOptions): Promise<Ingestor> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.allowExternal) {
    throw new Error(`refusing to listen on ${host}: only loopback unless allowExternal is set (--allow-external)`);
  }
  const limits: Limits = {
    maxBatchSize: options.limits?.maxBatchSize ?? PROTOCOL.maxBatchEntries,
    maxPayloadSize: Math.min(options.limits?.maxPayloadSize ?? PROTOCOL.maxPayloadBytes, PROTOCOL.maxPayloadBytes),
    maxRequestSize: options.limits?.maxRequestSize ?? PROTOCOL.maxRequestBytes,
  };
  const supportsMultipart = options.supportsMultipart ?? true;
  const cors = CorsPolicy.from(options.allowedOrigins);
  const tenants = await TenantRegistry.open(options.dataDir);
  const store = await IngestStore.open(options.dataDir, { sync: options.sync ?? true });
  const limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit ?? { perMinute: 600, burst: 100 });
  const faults = options.faultInjection ? new FaultInjector() : undefined;
  const onError = options.onError ?? ((m: string) => process.stderr.write(`ingestor: ${m}\n`));
  const deps: IngestDeps = { store, limits, inFlight: new Map<string, Promise<StoredResponse>>() };
  let baseUrl = '';

  function ingestTenant(ctx: RequestContext): Tenant {
    const token = bearerToken(ctx.req);
    const tenant = token === undefined ? undefined : tenants.byApiKey(token);
    if (!tenant) {
      if (token !== undefined && tenants.byReadToken(token)) throw new HttpError('forbidden', 'a read token cannot ingest');
      throw new HttpError('invalid_api_key', 'missing or unknown API key');
    }
    if (limiter) {
      const decision = limiter.take(tenant.id);
      Object.assign(ctx.headers, decision.headers);
      if (!decision.allowed) {
        throw new HttpError('rate_limited', 'rate limit exceeded', {
          retryAfter: decision.retryAfter,
          headers: { 'Retry-After': String(decision.retryAfter) },
        });
      }
    }
    return tenant;
  }

  function readTenant(ctx: RequestContext): Tenant {
    const token = bearerToken(ctx.req);
    const tenant = token === undefined ? undefined : tenants.byReadToken(token);
    if (!tenant) {
      if (token !== undefined && tenants.byApiKey(token))
        throw new HttpError('forbidden', 'the read API takes a read token, not an ingest API key');
      throw new HttpError('invalid_api_key', 'missing or unknown read token');
    }
    return tenant;
  }

  /** Applies a queued fault; returns true when the request was fully answered by it. */
  async function applyFault(ctx: RequestContext): Promise<'handled' | 'close-after' | undefined> {
    const fault = faults?.take(ctx.url.pathname);
    if (!fault) return undefined;
    switch (fault.kind) {
      case 'latency':
        await new Promise((r) => setTimeout(r, fault.ms));
        return undefined;
      case 'close':
        if (fault.phase === 'after') return 'close-after';
        ctx.req.socket.destroy();
        return 'handled';
      case 'rate_limit': {
        const value = fault.format === 'date' ? new Date(Date.now() + fault.retryAfter * 1000).toUTCString() : String(fault.retryAfter);
        throw new HttpError('rate_limited', 'rate limit exceeded (injected)', {
          retryAfter: fault.retryAfter,
          headers: { 'Retry-After': value },
        });
      }
      case 'status':
        throw new HttpError(STATUS_CODES[fault.status] ?? 'internal', `injected ${fault.status}`, { status: fault.status });
    }
  }

  async function ingestRoute(ctx: RequestContext): Promise<void> {
    const tenant = ingestTenant(ctx);
    const fault = await applyFault(ctx);
    if (fault === 'handled') return;
    const response = await ingest(ctx, tenant, await readBody(ctx.req, limits.maxRequestSize), deps);
    if (fault === 'close-after') {
      // Entries are stored; break the response half-way so the client cannot see that.
      ctx.res.writeHead(response.status, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      ctx.res.write('{"status":');
      setImmediate(() => ctx.req.socket.destroy());
      return;
    }
    sendStored(ctx, response);
  }

  type Handler = (ctx: RequestContext) => void | Promise<void>;
  const routes: Record<string, Record<string, Handler>> = {
    '/health': { GET: (ctx) => sendJson(ctx.res, 200, { status: 'ok' }) },
    '/info': {
      GET: (ctx) =>
        sendJson(ctx.res, 200, {
          name: 'logflux-reference-ingestor',
          version: INGESTOR_VERSION,
          limits: { max_batch_size: limits.maxBatchSize, max_payload_size: limits.maxPayloadSize, max_request_size: limits.maxRequestSize },
        }),
    },
    '/': { GET: (ctx) => staticDiscovery(ctx, baseUrl) },
    '/v1/discovery': {
      GET: (ctx) => {
        ingestTenant(ctx);
        authenticatedDiscovery(ctx, baseUrl, supportsMultipart);
      },
    },
    '/v1/handshake/init': {
      POST: async (ctx) => {
        const tenant = ingestTenant(ctx);
        await readBody(ctx.req, 64 * 1024);
        handshakeInit(ctx, tenant, limits, supportsMultipart);
      },
    },
    '/v1/handshake/complete': {
      POST: async (ctx) => {
        const tenant = ingestTenant(ctx);
        await handshakeComplete(ctx, tenant, await readBody(ctx.req, 64 * 1024), store);
      },
    },
    '/v1/ingest': { POST: ingestRoute },
    '/v1/batch': { POST: ingestRoute },
    '/v1/entries': { GET: (ctx) => listEntries(ctx, readTenant(ctx), store) },
    '/v1/keys': { GET: (ctx) => getKeys(ctx, readTenant(ctx), store) },
  };
  if (faults) {
    routes['/__admin/faults'] = {
      POST: async (ctx) => {
        faults.add(parseFault(jsonObject(await readBody(ctx.req, 4096))));
        sendJson(ctx.res, 200, { status: 'success', pending: faults.pending() });
      },
      DELETE: (ctx) => {
        faults.clear();
        sendJson(ctx.res, 200, { status: 'success' });
      },
    };
  }

  function methodsOf(path: string): Record<string, Handler> | undefined {
    const keyMatch = /^\/v1\/keys\/([^/]+)$/.exec(path);
    return keyMatch ? { GET: (c) => getKeys(c, readTenant(c), store, decodeURIComponent(keyMatch[1] as string)) } : routes[path];
  }

  async function route(ctx: RequestContext): Promise<void> {
    const path = ctx.url.pathname;
    const methods = methodsOf(path);
    if (!methods) throw new HttpError('not_found', `no route for ${path}`);
    const handler = methods[ctx.req.method ?? 'GET'];
    if (!handler) throw new HttpError('method_not_allowed', `${path} takes ${Object.keys(methods).join(', ')}`);
    await handler(ctx);
  }

  /**
   * CORS (docs/protocol.md §8.8), only when origins are configured. Answers a preflight itself
   * (returns true); otherwise sets the CORS headers on `res`, so that every response written
   * later — success, error or fault — carries them.
   */
  function applyCors(ctx: RequestContext, policy: CorsPolicy): boolean {
    const { req, res } = ctx;
    res.setHeader('Vary', 'Origin');
    const origin = requestOrigin(req);
    const allowed = origin !== undefined && policy.allows(origin);
    if (!isPreflight(req)) {
      if (allowed) for (const [name, value] of Object.entries(responseHeaders(origin))) res.setHeader(name, value);
      return false;
    }
    const path = ctx.url.pathname;
    if (!methodsOf(path)) throw new HttpError('not_found', `no route for ${path}`);
    if (!allowed) throw new HttpError('forbidden', 'this origin is not allowed to call the ingestor (see allowedOrigins, --allow-origin)');
    req.resume();
    res.writeHead(204, preflightHeaders(req, origin));
    res.end();
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx: RequestContext = { req, res, url: new URL(req.url ?? '/', 'http://localhost'), requestId: newRequestId(), headers: {} };
    try {
      if (cors && applyCors(ctx, cors)) return;
      await route(ctx);
    } catch (error) {
      if (res.headersSent || req.socket.destroyed) return;
      if (error instanceof HttpError) {
        sendJson(res, error.status, error.body(ctx.requestId), { ...ctx.headers, ...(error.extra.headers ?? {}) });
        return;
      }
      onError(`internal error on ${req.method} ${ctx.url.pathname}: ${(error as Error)?.message ?? String(error)}`);
      const internal = new HttpError('internal', 'internal error');
      sendJson(res, 500, internal.body(ctx.requestId), ctx.headers);
    }
  }

  const server: Server = createServer({ keepAliveTimeout: 5000 }, (req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${shownHost}:${address.port}`;

  return {
    url: baseUrl,
    port: address.port,
    tenants,
    store,
    faults,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}
