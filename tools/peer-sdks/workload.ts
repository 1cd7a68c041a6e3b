import type { PeerEntry } from './entries.js';
import type { PeerSdk } from './sdks.js';

/** `baseMs` plus `i` milliseconds and some nanoseconds, with nine fractional digits. */
function nanoTime(baseMs: number, i: number): string {
  const iso = new Date(baseMs + i).toISOString();
  const nanos = String((i * 7919 + 104729) % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 23)}${nanos}Z`;
}

/**
 * The issue 12 interoperability workload for one SDK: 50 logs spread over all 8 levels, 5 metrics,
 * 5 events, 3 audits and 2 spans, each with attributes that say who sent it and in what order.
 */
export function interopWorkload(sdk: PeerSdk, baseMs: number): PeerEntry[] {
  const entries: PeerEntry[] = [];
  const add = (input: PeerEntry['input']) => {
    const seq = entries.length;
    entries.push({ source: `peer-${sdk}`, ts: nanoTime(baseMs, seq), attributes: { sdk, seq: String(seq) }, input });
  };
  for (let i = 0; i < 50; i++)
    add({ type: 'log', level: (i % 8) + 1, message: `${sdk} log ${i}: level ${(i % 8) + 1}`, logger: 'interop' });
  const kinds = ['counter', 'gauge', 'histogram'] as const;
  for (let i = 0; i < 5; i++)
    add({ type: 'metric', name: `${sdk}.metric.${i}`, value: i * 1.5, unit: 'ms', kind: kinds[i % 3] as 'counter' });
  for (let i = 0; i < 5; i++) add({ type: 'event', event: `${sdk}.event.${i}` });
  for (let i = 0; i < 3; i++) {
    add({ type: 'audit', action: `${sdk}.action.${i}`, actor: 'u-1', resource: 'project', resourceId: `p-${i}`, outcome: 'success' });
  }
  for (let i = 0; i < 2; i++) {
    const start = new Date(baseMs).toISOString();
    add({
      type: 'trace',
      traceId: `${'4bf92f3577b34da6a3ce929d0e0e473'}${i}`,
      spanId: `00f067aa0ba902b${i}`,
      name: `${sdk} span ${i}`,
      operation: 'http.server',
      startTime: start,
      endTime: new Date(baseMs + 25).toISOString(),
      durationMs: 25,
      status: 'ok',
    });
  }
  return entries;
}
