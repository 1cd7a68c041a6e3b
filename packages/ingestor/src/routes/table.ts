import type { Region } from '@logflux/core';
import type { Authenticator } from '../auth.js';
import { applyFault, type FaultInjector, parseFault } from '../faults.js';
import { readBody } from '../http/body.js';
import type { RequestContext } from '../http/context.js';
import type { RouteHandler } from '../http/requestGuard.js';
import { HttpError, sendJson } from '../http/respond.js';
import type { IngestStore } from '../store.js';
import { authenticatedDiscovery, staticDiscovery } from './discovery.js';
import { handshakeComplete, handshakeInit, jsonObject, type Limits } from './handshake.js';
import { type IngestDeps, ingest, sendStored } from './ingest.js';
import { getKeys, listEntries } from './read.js';

/** Every endpoint of the ingestor, by path and method. */

export interface RouteDeps {
  auth: Authenticator;
  store: IngestStore;
  limits: Limits;
  ingest: IngestDeps;
  supportsMultipart: boolean;
  faults: FaultInjector | undefined;
  region: Region | undefined;
  bodyTimeoutMs: number;
  name: string;
  version: string;
  /** The server's own base URL (known once it listens). */
  baseUrl: () => string;
}

/** Handshake bodies are tiny JSON objects; 64 KiB leaves room for any RSA key size. */
const HANDSHAKE_BODY_LIMIT = 64 * 1024;

export type RouteLookup = (path: string) => Record<string, RouteHandler> | undefined;

export function buildRoutes(deps: RouteDeps): RouteLookup {
  const { auth, store, limits } = deps;
  const limitsBody = {
    max_batch_size: limits.maxBatchSize,
    max_payload_size: limits.maxPayloadSize,
    max_request_size: limits.maxRequestSize,
  };
  const body = (ctx: RequestContext, limit: number) => readBody(ctx.req, limit, deps.bodyTimeoutMs);

  async function ingestRoute(ctx: RequestContext): Promise<void> {
    const tenant = auth.ingest(ctx);
    const fault = await applyFault(deps.faults, ctx);
    if (fault === 'handled') return;
    const response = await ingest(ctx, tenant, await body(ctx, limits.maxRequestSize), deps.ingest);
    if (fault === 'close-after') {
      // Entries are stored; break the response half-way so the client cannot see that.
      ctx.res.writeHead(response.status, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      ctx.res.write('{"status":');
      setImmediate(() => ctx.res.destroy());
      return;
    }
    sendStored(ctx, response);
  }

  const discovery: RouteHandler = (ctx) => {
    auth.ingest(ctx);
    authenticatedDiscovery(ctx, deps.baseUrl(), deps.supportsMultipart, auth.keyRegion(ctx));
  };

  const routes: Record<string, Record<string, RouteHandler>> = {
    '/health': {
      GET: async (ctx) => {
        const health = await store.checkHealth();
        if (health.ok) return sendJson(ctx.res, 200, { status: 'ok' });
        sendJson(ctx.res, 503, {
          status: 'degraded',
          reason: 'storage_unavailable',
          error: health.code,
          since: health.since,
          message: `the data directory does not take writes (${health.code}); ingest answers 507 until it does`,
        });
      },
    },
    '/info': { GET: (ctx) => sendJson(ctx.res, 200, { name: deps.name, version: deps.version, limits: limitsBody }) },
    '/': { GET: (ctx) => staticDiscovery(ctx, deps.baseUrl(), deps.region) },
    '/v1/discovery': { GET: discovery },
    '/api/discovery': { GET: discovery },
    '/v1/handshake/init': {
      POST: async (ctx) => {
        const tenant = auth.ingest(ctx);
        await body(ctx, HANDSHAKE_BODY_LIMIT);
        handshakeInit(ctx, tenant, limits, deps.supportsMultipart);
      },
    },
    '/v1/handshake/complete': {
      POST: async (ctx) => {
        const tenant = auth.ingest(ctx);
        await handshakeComplete(ctx, tenant, await body(ctx, HANDSHAKE_BODY_LIMIT), store);
      },
    },
    '/v1/ingest': { POST: ingestRoute },
    '/v1/batch': { POST: ingestRoute },
    '/v1/entries': { GET: (ctx) => listEntries(ctx, auth.read(ctx), store) },
    '/v1/keys': { GET: (ctx) => getKeys(ctx, auth.read(ctx), store) },
  };
  const faults = deps.faults;
  if (faults) {
    routes['/__admin/faults'] = {
      POST: async (ctx) => {
        const value = jsonObject(await body(ctx, 4096));
        try {
          faults.add(parseFault(value));
        } catch (error) {
          throw new HttpError('invalid_request', (error as Error).message);
        }
        sendJson(ctx.res, 200, { status: 'success', pending: faults.pending() });
      },
      DELETE: (ctx) => {
        faults.clear();
        sendJson(ctx.res, 200, { status: 'success' });
      },
    };
  }

  return (path) => {
    const keyMatch = /^\/v1\/keys\/([^/]+)$/.exec(path);
    if (!keyMatch) return routes[path];
    return {
      GET: (ctx) => {
        const tenant = auth.read(ctx);
        let keyId: string;
        try {
          keyId = decodeURIComponent(keyMatch[1] as string);
        } catch {
          throw new HttpError('not_found', 'no such key_id');
        }
        getKeys(ctx, tenant, store, keyId);
      },
    };
  };
}
