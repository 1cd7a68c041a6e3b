import type { Region } from '@logflux/core';
import type { RequestContext } from '../http/context.js';
import { sendJson } from '../http/respond.js';

/**
 * Discovery (docs/protocol.md §3). This server is every endpoint at once, so both forms answer
 * with its own URL. The region is the one it was started with (`--region`), or `local`.
 */

/** Static discovery (`GET /`): what `https://discover.{region}.logflux.io` answers. */
export function staticDiscovery(ctx: RequestContext, baseUrl: string, region: Region | undefined): void {
  sendJson(ctx.res, 200, {
    version: '1',
    region: region ?? 'local',
    endpoints: { ingestor_url: baseUrl, backend_url: baseUrl, dashboard_url: baseUrl },
    updated_at: new Date().toISOString(),
  });
}

/**
 * Authenticated discovery (`GET /v1/discovery`, and `GET /api/discovery` where the official SDKs
 * look): `data_residency` is the region of the API key that asked (`local` for an unprefixed key).
 */
export function authenticatedDiscovery(ctx: RequestContext, baseUrl: string, supportsMultipart: boolean, keyRegion: Region | null): void {
  sendJson(
    ctx.res,
    200,
    {
      ingestor_url: baseUrl,
      backend_url: baseUrl,
      data_residency: keyRegion ?? 'local',
      environment: 'development',
      features: ['batch', 'idempotency', ...(supportsMultipart ? ['multipart'] : [])],
    },
    ctx.headers,
  );
}
