import type { CaptureHost } from '../captures.js';

/**
 * Lazily loaded capture (option `captureNetwork`): the page's failed `fetch` and XMLHttpRequest
 * calls — network errors, aborts and HTTP statuses of 400 and above — as breadcrumbs (category
 * `http`, attached to the errors captured after them), with method, URL (origin and path, no query
 * string), status or error, and duration. The SDK's own requests are not recorded.
 */

/** A request URL as recorded: origin and path only (query strings carry tokens). */
export function requestUrl(input: string, base = location.href): string {
  try {
    const url = new URL(input, base);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

export function install(host: CaptureHost): () => void {
  let active = true;
  const failed = (method: string, url: string, started: number, outcome: { status?: number; error?: string }) => {
    if (!active) return;
    const what = outcome.status !== undefined ? `HTTP ${outcome.status}` : (outcome.error ?? 'network error');
    host.client.addBreadcrumb({
      category: 'http',
      level: 4,
      message: `${method} ${url} failed: ${what}`,
      data: { method, url, ...outcome, duration_ms: Math.round(performance.now() - started) },
    });
  };

  const originalFetch = globalThis.fetch;
  const fetchWrapper = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const ours = host.busy();
    const started = performance.now();
    const pending = originalFetch(input, init);
    if (ours) return pending;
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const url = requestUrl(request ? request.url : String(input));
    pending.then(
      (res) => res.status >= 400 && failed(method, url, started, { status: res.status }),
      (error: unknown) => failed(method, url, started, { error: (error as Error)?.name ?? 'network error' }),
    );
    return pending;
  };
  globalThis.fetch = fetchWrapper;

  // Listeners go on at open(), before the page adds its own, so a failure is recorded before the
  // page's loadend handler (and whatever it awaits) runs.
  const requests = new WeakMap<XMLHttpRequest, { method: string; url: string; started?: number; error?: string }>();
  const proto = XMLHttpRequest.prototype;
  const { open, send } = proto;
  proto.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    if (!requests.has(this)) {
      for (const kind of ['error', 'abort', 'timeout'] as const)
        this.addEventListener(kind, () => {
          const r = requests.get(this);
          if (r) r.error ??= kind;
        });
      this.addEventListener('loadend', () => {
        const r = requests.get(this);
        if (r?.started === undefined) return;
        if (r.error !== undefined) failed(r.method, r.url, r.started, { error: r.error });
        else if (this.status >= 400) failed(r.method, r.url, r.started, { status: this.status });
      });
    }
    requests.set(this, { method: method.toUpperCase(), url: requestUrl(String(url)) });
    return (open as (...a: unknown[]) => void).call(this, method, url, ...rest);
  } as XMLHttpRequest['open'];
  proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const r = requests.get(this);
    if (r && !host.busy()) r.started = performance.now();
    return send.call(this, body);
  };

  return () => {
    active = false;
    if (globalThis.fetch === fetchWrapper) globalThis.fetch = originalFetch;
    proto.open = open;
    proto.send = send;
  };
}
