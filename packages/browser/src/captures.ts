import type { Attributes, LogFluxClient } from '@logflux/core/runtime';

/**
 * The capture features (each opt-in, each a chunk of its own under lazy/, loaded with `import()`
 * only when its option is on) and what they are given. Nothing here is captured while the SDK
 * itself is calling out — its requests, its diagnostics, the application's `onError` — so a
 * captured console or a failed request never loops back into the SDK.
 */

/** What a capture chunk works with. */
export interface CaptureHost {
  readonly client: LogFluxClient;
  /** True while the SDK is calling out (its own requests, diagnostics, onError): not to be captured. */
  busy(): boolean;
  /** Sets the attributes added to every entry from now on (page context). */
  setContext(context: () => Attributes | undefined): void;
}

/** Console capture: which methods become entries (default all four). */
export interface ConsoleCaptureOptions {
  levels?: readonly ('error' | 'warn' | 'info' | 'log')[];
}

/** Page context: `query: true` keeps the URL's query string (default: dropped, it may hold tokens). */
export interface PageContextOptions {
  query?: boolean;
}

/** The capture options of {@link BrowserClientOptions}, by name. */
export interface CaptureOptions {
  /** Uncaught errors (`error` events on window) and unhandled promise rejections as error entries (level 4). */
  captureGlobalErrors?: boolean;
  /** `console.error/warn/info/log` calls as entries (levels 4, 5, 7, 7); the console still prints them. */
  captureConsole?: boolean | ConsoleCaptureOptions;
  /** On every entry: page URL (without query string), referrer origin, user agent, viewport, session id. */
  pageContext?: boolean | PageContextOptions;
  /** History navigation (pushState, replaceState, back/forward, hash changes) as breadcrumbs. */
  captureNavigation?: boolean;
  /** Failed `fetch` and XMLHttpRequest calls of the page (network errors, HTTP status ≥ 400) as breadcrumbs. */
  captureNetwork?: boolean;
  /** Web-vitals timings (TTFB, FCP, LCP, CLS, INP) as metrics, sent when the page is hidden. */
  captureWebVitals?: boolean;
}

let calls = 0;

/** Runs `fn` as the SDK calling out: captures ignore what happens meanwhile (see {@link CaptureHost.busy}). */
export function asSdk<T>(fn: () => T): T {
  calls++;
  try {
    return fn();
  } finally {
    calls--;
  }
}

export const sdkBusy = (): boolean => calls > 0;

type Install = { install(host: CaptureHost, options: object): () => void };

/** Each capture's chunk. */
export const CAPTURES: Record<keyof CaptureOptions, () => Promise<Install>> = {
  captureGlobalErrors: () => import('./lazy/globalErrors.js'),
  captureConsole: () => import('./lazy/consoleCapture.js'),
  pageContext: () => import('./lazy/pageContext.js'),
  captureNavigation: () => import('./lazy/navigation.js'),
  captureNetwork: () => import('./lazy/networkFailures.js'),
  captureWebVitals: () => import('./lazy/webVitals.js'),
};
