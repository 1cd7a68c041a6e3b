import type { RequestContext } from '../http/context.js';
import { sendJson } from '../http/respond.js';

/** Static discovery (`GET /`): what `https://discover.{region}.logflux.io` answers. */
export function staticDiscovery(ctx: RequestContext, baseUrl: string): void {
  sendJson(ctx.res, 200, {
    version: '1',
    region: 'local',
    endpoints: { ingestor_url: baseUrl, backend_url: baseUrl, dashboard_url: baseUrl },
    updated_at: new Date().toISOString(),
  });
}

/** Authenticated discovery (`GET /v1/discovery`). */
export function authenticatedDiscovery(ctx: RequestContext, baseUrl: string, supportsMultipart: boolean): void {
  sendJson(
    ctx.res,
    200,
    {
      ingestor_url: baseUrl,
      backend_url: baseUrl,
      data_residency: 'local',
      environment: 'development',
      features: ['batch', 'idempotency', ...(supportsMultipart ? ['multipart'] : [])],
    },
    ctx.headers,
  );
}
