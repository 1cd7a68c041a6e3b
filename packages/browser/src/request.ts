import type { HttpRequest, HttpResponse, RequestFunction } from '@logflux/core/runtime';
import { type KeepaliveBudget, keepaliveCost } from './keepaliveBudget.js';

/** Whether the page is being left: requests then use `keepalive` so they outlive it. */
export interface ExitState {
  exiting: boolean;
}

/** The browser request function, plus what page-exit delivery needs. */
export interface BrowserRequest extends RequestFunction {
  /**
   * Starts a keepalive POST of a sealed batch body to the ingestor, synchronously, if it fits the
   * keepalive budget and the request is not in flight already. For page exit, when nothing
   * asynchronous may run first. Returns whether it was sent.
   */
  sendAtExit(body: string, idempotencyKey: string): boolean;
}

/** Remembered idempotency keys: enough to tell a fresh batch from a retry. */
const REMEMBERED_KEYS = 256;

/** A synthetic 413: makes core split a batch too large for one keepalive request into halves. */
const SPLIT: HttpResponse = { status: 413, header: () => undefined, body: '' };

function entriesIn(body: string): number {
  let n = 0;
  for (let i = body.indexOf('"nonce":'); i >= 0; i = body.indexOf('"nonce":', i + 8)) n++;
  return n;
}

/**
 * One HTTP request through `fetch`: no cookies (`credentials: 'omit'`), no referrer, redirects not
 * followed (reported as status 300, which core retries and never follows), a timeout. No
 * `User-Agent` (browsers do not let pages set it). While the page is exiting, batch requests use
 * `keepalive` within the page's keepalive budget: a fresh batch too large for the budget is
 * answered with a synthetic 413 so that core splits it; a request over what is left of the budget,
 * or a single entry that can never fit, goes as an ordinary request.
 */
export function browserRequest(exit: ExitState, budget: KeepaliveBudget): BrowserRequest {
  const sent = new Set<string>();
  const inFlight = new Set<string>();
  let target: { url: string; headers: Record<string, string> } | undefined;

  function remember(key: string): void {
    sent.add(key);
    if (sent.size > REMEMBERED_KEYS) sent.delete(sent.values().next().value as string);
  }

  async function send(req: HttpRequest, headers: Record<string, string>, keepalive: boolean, cost: number): Promise<HttpResponse> {
    const key = headers['Idempotency-Key'];
    if (key) {
      remember(key);
      if (keepalive) inFlight.add(key);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), req.timeoutMs);
    try {
      const res = await fetch(req.url, {
        method: req.method,
        headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        keepalive,
        signal: controller.signal,
        redirect: 'manual',
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
      const body = await res.text();
      return { status: res.type === 'opaqueredirect' ? 300 : res.status, header: (name) => res.headers.get(name) ?? undefined, body };
    } finally {
      clearTimeout(timer);
      if (keepalive) {
        if (key) inFlight.delete(key);
        budget.release(cost);
      }
    }
  }

  const request = (async (req: HttpRequest): Promise<HttpResponse> => {
    const { 'User-Agent': _agent, ...headers } = req.headers;
    const ingest = /\/v1\/(batch|handshake\/init|handshake\/complete)$/.exec(req.url);
    if (ingest) target = { url: `${req.url.slice(0, ingest.index)}/v1/batch`, headers };
    if (!exit.exiting || ingest?.[1] !== 'batch' || req.body === undefined) return send(req, headers, false, 0);
    const cost = keepaliveCost(req.url, headers, req.body);
    const key = headers['Idempotency-Key'] ?? '';
    if (cost > budget.capacity) {
      // Splitting gives the halves new keys: only for content that was never sent.
      if (!sent.has(key) && entriesIn(req.body) > 1) return SPLIT;
      return send(req, headers, false, 0);
    }
    // Over the budget left: an ordinary request, which completes if the page stays (only hidden);
    // if the page goes, the exit step re-sends it with keepalive under the same key.
    const keepalive = budget.reserve(cost);
    return send(req, headers, keepalive, keepalive ? cost : 0);
  }) as BrowserRequest;

  request.sendAtExit = (body, idempotencyKey) => {
    if (!target || inFlight.has(idempotencyKey)) return false;
    const headers = { ...target.headers, 'Idempotency-Key': idempotencyKey };
    const cost = keepaliveCost(target.url, headers, body);
    if (!budget.reserve(cost)) return false;
    send({ url: target.url, method: 'POST', headers, body, timeoutMs: 60_000 }, headers, true, cost).catch(() => {});
    return true;
  };
  return request;
}
