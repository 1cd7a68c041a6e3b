import { parseApiKey, type Region } from '@logflux/core';
import { bearerToken, type RequestContext } from './http/context.js';
import { HttpError } from './http/respond.js';
import type { RateLimiter } from './rateLimit.js';
import type { Tenant, TenantRegistry } from './tenants.js';

/**
 * Who is calling: ingest API keys (rate-limited per tenant) and read tokens are separate
 * credentials, and neither works where the other is expected.
 */
export class Authenticator {
  constructor(
    private readonly tenants: TenantRegistry,
    private readonly limiter: RateLimiter | undefined,
  ) {}

  /** The tenant of the request's API key, after taking one token from its rate limit. */
  ingest(ctx: RequestContext): Tenant {
    const token = bearerToken(ctx.req);
    const tenant = token === undefined ? undefined : this.tenants.byApiKey(token);
    if (!tenant) {
      if (token !== undefined && this.tenants.byReadToken(token)) throw new HttpError('forbidden', 'a read token cannot ingest');
      throw new HttpError('invalid_api_key', 'missing or unknown API key');
    }
    if (this.limiter) {
      const decision = this.limiter.take(tenant.id);
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

  /** The region prefix of the (already accepted) API key of the request. */
  keyRegion(ctx: RequestContext): Region | null {
    try {
      return parseApiKey(bearerToken(ctx.req)).region;
    } catch {
      return null;
    }
  }

  /** The tenant of the request's read token. */
  read(ctx: RequestContext): Tenant {
    const token = bearerToken(ctx.req);
    const tenant = token === undefined ? undefined : this.tenants.byReadToken(token);
    if (!tenant) {
      if (token !== undefined && this.tenants.byApiKey(token))
        throw new HttpError('forbidden', 'the read API takes a read token, not an ingest API key');
      throw new HttpError('invalid_api_key', 'missing or unknown read token');
    }
    return tenant;
  }
}
