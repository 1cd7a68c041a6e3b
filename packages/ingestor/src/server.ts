import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost, PROTOCOL, REGIONS, type Region } from '@logflux/core';
import { Authenticator } from './auth.js';
import { FaultInjector } from './faults.js';
import { DEFAULT_BODY_TIMEOUT_MS } from './http/body.js';
import type { RequestContext } from './http/context.js';
import { CorsPolicy, isPreflight, preflightHeaders, requestOrigin, responseHeaders } from './http/cors.js';
import { guardRequests } from './http/requestGuard.js';
import { HttpError } from './http/respond.js';
import { RateLimiter } from './rateLimit.js';
import type { Limits } from './routes/handshake.js';
import { buildRoutes, type RouteLookup } from './routes/table.js';
import type { LogFileIo } from './storage/segmentFile.js';
import { StorageUnavailableError } from './storage/storageError.js';
import { IngestStore, type StoredResponse } from './store.js';
import { TenantRegistry } from './tenants.js';

export const INGESTOR_VERSION = '0.1.0';

/** Seconds a client is asked to wait after a storage failure (507) before retrying. */
export const STORAGE_RETRY_AFTER_SECONDS = 10;

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
  /**
   * The region this server stands for (`eu`, `us`, `ca`, `au`, `ap`): static discovery answers it.
   * Default: none, and discovery says `local`. Tenants' API keys carry a region only when they are
   * created with one (`tenants.create({ region })`).
   */
  region?: Region;
  /** How long a request body may take to arrive in full, in ms (default 30 000); then 408. */
  bodyTimeoutMs?: number;
  /**
   * The storage layer's write path to the disk. A test seam: tests pass one that injects short
   * writes, EINTR, ENOSPC or EIO. Default: the real file system.
   */
  storageIo?: LogFileIo;
}

export interface Ingestor {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  readonly port: number;
  readonly tenants: TenantRegistry;
  readonly store: IngestStore;
  /** Present only when started with `faultInjection: true`. */
  readonly faults: FaultInjector | undefined;
  /** Stops listening, closes every connection and the store. */
  close(): Promise<void>;
}

/** A storage failure as the protocol's answer: 507 with Retry-After, the errno code as the reason. */
function storageAnswer(error: unknown): HttpError | undefined {
  if (!(error instanceof StorageUnavailableError)) return undefined;
  return new HttpError('storage_unavailable', `the service cannot store data right now (${error.code}); retry later`, {
    retryAfter: STORAGE_RETRY_AFTER_SECONDS,
    headers: { 'Retry-After': String(STORAGE_RETRY_AFTER_SECONDS) },
    details: { reason: error.code },
  });
}

/** Starts the reference ingestor. Resolves once it is listening and its store is replayed. */
export async function startIngestor(options: IngestorOptions): Promise<Ingestor> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.allowExternal) {
    throw new Error(`refusing to listen on ${host}: only loopback unless allowExternal is set (--allow-external)`);
  }
  if (options.region !== undefined && !(REGIONS as readonly string[]).includes(options.region)) {
    throw new Error(`unknown region "${options.region}": one of ${REGIONS.join(', ')}`);
  }
  const limits: Limits = {
    maxBatchSize: options.limits?.maxBatchSize ?? PROTOCOL.maxBatchEntries,
    maxPayloadSize: Math.min(options.limits?.maxPayloadSize ?? PROTOCOL.maxPayloadBytes, PROTOCOL.maxPayloadBytes),
    maxRequestSize: options.limits?.maxRequestSize ?? PROTOCOL.maxRequestBytes,
  };
  const cors = CorsPolicy.from(options.allowedOrigins);
  const tenants = await TenantRegistry.open(options.dataDir);
  const store = await IngestStore.open(options.dataDir, {
    sync: options.sync ?? true,
    ...(options.storageIo ? { io: options.storageIo } : {}),
  });
  const limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit ?? { perMinute: 600, burst: 100 });
  const faults = options.faultInjection ? new FaultInjector() : undefined;
  const onError = options.onError ?? ((m: string) => process.stderr.write(`ingestor: ${m}\n`));
  let baseUrl = '';
  const methodsOf: RouteLookup = buildRoutes({
    auth: new Authenticator(tenants, limiter),
    store,
    limits,
    ingest: { store, limits, inFlight: new Map<string, Promise<StoredResponse>>(), log: onError },
    supportsMultipart: options.supportsMultipart ?? true,
    faults,
    region: options.region,
    bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    name: 'logflux-reference-ingestor',
    version: INGESTOR_VERSION,
    baseUrl: () => baseUrl,
  });

  async function route(ctx: RequestContext): Promise<void> {
    if (cors && applyCors(ctx, cors)) return;
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

  const server: Server = createServer({ keepAliveTimeout: 5000 }, guardRequests(route, { onError, translate: storageAnswer }));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  // Nothing the server reports later may go unhandled (an 'error' event without a listener throws).
  server.on('error', (error) => onError(`server error: ${error.message}`));
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
