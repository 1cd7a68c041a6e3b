import type { HttpResponse, RequestFunction } from './http.js';

/**
 * A request function over the WHATWG `fetch` (browsers, Node ≥ 20, other runtimes that have it):
 * one request, no cookies, no referrer, no cache, redirects not followed (a redirect is answered
 * as status 300, which the client treats as unexpected and never follows), aborted after the
 * request's timeout. `keepalive` is passed on. Rejects only for network errors and timeouts.
 */
export const fetchRequest: RequestFunction = async (req) => {
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body as BodyInit | undefined,
    keepalive: req.keepalive === true,
    signal: AbortSignal.timeout(req.timeoutMs),
    redirect: 'manual',
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  });
  const response: HttpResponse = {
    status: res.type === 'opaqueredirect' ? 300 : res.status,
    header: (name) => res.headers.get(name) ?? undefined,
    body: await res.text(),
  };
  return response;
};
