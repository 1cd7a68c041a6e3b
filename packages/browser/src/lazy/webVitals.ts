import type { CaptureHost } from '../captures.js';

/**
 * Lazily loaded capture (option `captureWebVitals`): the page's loading and responsiveness timings
 * in the manner of the `web-vitals` library, as metric entries named `web_vitals.<name>` (gauges):
 * `ttfb` and `fcp` (milliseconds) as soon as they are known; `lcp` (ms), `cls` (unitless) and `inp`
 * (ms: the longest interaction seen, the web-vitals value for pages with fewer than 50
 * interactions) when the page is first hidden, which is when they are final. Timings the browser
 * does not measure (no Performance API, no interaction yet) are left out.
 */

/** Cumulative layout shift: the largest session window (shifts < 1 s apart, a window at most 5 s). */
export function clsOf(shifts: readonly { startTime: number; value: number }[]): number {
  let best = 0;
  let window = 0;
  let first = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (const s of shifts) {
    if (s.startTime - previous > 1000 || s.startTime - first > 5000) {
      window = 0;
      first = s.startTime;
    }
    window += s.value;
    previous = s.startTime;
    best = Math.max(best, window);
  }
  return best;
}

type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean };
type EventTiming = PerformanceEntry & { interactionId?: number };

export function install(host: CaptureHost): () => void {
  const report = (name: string, value: number, unit?: string) =>
    host.client.metric({ name: `web_vitals.${name}`, value: Math.round(value * 1000) / 1000, ...(unit ? { unit } : {}), kind: 'gauge' });
  const observers: [PerformanceObserver, (entries: PerformanceEntry[]) => void][] = [];
  const observe = (type: string, fn: (entries: PerformanceEntry[]) => void, extra: object = {}) => {
    if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes(type)) return;
    const o = new PerformanceObserver((list) => fn(list.getEntries()));
    o.observe({ type, buffered: true, ...extra });
    observers.push([o, fn]);
  };

  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (nav && nav.responseStart > 0) report('ttfb', nav.responseStart, 'ms');
  let fcp = false;
  observe('paint', (entries) => {
    const e = entries.find((p) => p.name === 'first-contentful-paint');
    if (e && !fcp) {
      fcp = true;
      report('fcp', e.startTime, 'ms');
    }
  });
  let lcp: number | undefined;
  observe('largest-contentful-paint', (entries) => {
    for (const e of entries) lcp = e.startTime;
  });
  const shifts: Shift[] = [];
  observe('layout-shift', (entries) => {
    for (const e of entries as Shift[]) if (!e.hadRecentInput) shifts.push(e);
  });
  let inp: number | undefined;
  observe(
    'event',
    (entries) => {
      for (const e of entries as EventTiming[]) if (e.interactionId) inp = Math.max(inp ?? 0, e.duration);
    },
    { durationThreshold: 16 },
  );

  let done = false;
  const final = () => {
    if (done || document.visibilityState !== 'hidden') return;
    done = true;
    for (const [o, fn] of observers) fn(o.takeRecords()); // entries not delivered yet
    if (lcp !== undefined) report('lcp', lcp, 'ms');
    report('cls', clsOf(shifts));
    if (inp !== undefined) report('inp', inp, 'ms');
    stop();
  };
  // On window, capturing: before the SDK's own listener (on document) flushes for the hidden page.
  addEventListener('visibilitychange', final, true);
  const stop = () => {
    removeEventListener('visibilitychange', final, true);
    for (const [o] of observers) o.disconnect();
  };
  return stop;
}
