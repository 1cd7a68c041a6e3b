import { fetchRequest, type HttpRequest, type HttpResponse, type RequestFunction } from '@logflux/core/runtime';
import { asSdk } from './captures.js';
import { type KeepaliveBudget, keepaliveCost } from './keepaliveBudget.js';

/** The browser request function, plus what page-exit delivery needs. */
export interface BrowserRequest extends RequestFunction {
  /**
   * Starts a keepalive request synchronously, for page exit when nothing asynchronous may run
   * first: if it fits the keepalive budget and a keepalive request under the same idempotency key
   * is not in flight already. Returns whether it was started (its answer cannot be waited for).
   */
  sendAtExit(request: HttpRequest): boolean;
}

/**
 * One HTTP request through core's `fetchRequest` (no cookies, no referrer, redirects not followed,
 * a timeout), without `User-Agent` (browsers do not let pages set it). A request core marks `keepalive` (the page is
 * hidden or leaving) uses `fetch(…, {keepalive: true})` when it fits what is left of the page's
 * keepalive budget, else goes as an ordinary request — which completes if the page stays; if the
 * page goes, core's exit step sends it again under the same key.
 */
export function browserRequest(budget: KeepaliveBudget): BrowserRequest {
  const inFlight = new Set<string>();

  async function send(req: HttpRequest, keepalive: boolean, cost: number): Promise<HttpResponse> {
    // Browsers do not let pages set User-Agent.
    const { 'User-Agent': _agent, ...headers } = req.headers;
    const key = headers['Idempotency-Key'];
    if (keepalive && key) inFlight.add(key);
    try {
      // fetch() starts synchronously inside: captures (failed-request breadcrumbs) ignore it.
      return await asSdk(() => fetchRequest({ ...req, headers, keepalive }));
    } finally {
      if (keepalive) {
        if (key) inFlight.delete(key);
        budget.release(cost);
      }
    }
  }

  const request = ((req: HttpRequest): Promise<HttpResponse> => {
    if (!req.keepalive || req.body === undefined) return send(req, false, 0);
    const cost = keepaliveCost(req.url, req.headers, req.body);
    const keepalive = budget.reserve(cost);
    return send(req, keepalive, keepalive ? cost : 0);
  }) as BrowserRequest;

  request.sendAtExit = (req) => {
    const key = req.headers['Idempotency-Key'];
    if (req.body === undefined || (key !== undefined && inFlight.has(key))) return false;
    const cost = keepaliveCost(req.url, req.headers, req.body);
    if (!budget.reserve(cost)) return false;
    send({ ...req, timeoutMs: 60_000 }, true, cost).catch(() => {});
    return true;
  };
  return request;
}
