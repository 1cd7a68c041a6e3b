import { describe, expect, it } from 'vitest';
import { expectedEntry, goNanoTime, millisecondTime, type PeerEntry, peerPlaintext } from '../index.js';

const metric: PeerEntry = {
  source: 's',
  ts: '2026-12-01T20:05:22.103429474Z',
  input: { type: 'metric', name: 'm', value: 1, kind: 'gauge' },
};
const span: PeerEntry = {
  source: 's',
  ts: '2026-12-01T20:05:22.100000000Z',
  input: {
    type: 'trace',
    traceId: 't',
    spanId: 'p',
    name: 'GET /',
    operation: 'op',
    startTime: 'a',
    endTime: 'b',
    durationMs: 1,
    status: 'ok',
  },
};

describe('peer SDK plaintexts', () => {
  it('write times as each SDK does', () => {
    expect(millisecondTime('2026-12-01T20:05:22.103429474Z')).toBe('2026-12-01T20:05:22.103Z');
    expect(goNanoTime('2026-12-01T20:05:22.103429474Z')).toBe('2026-12-01T20:05:22.103429474Z');
    expect(goNanoTime('2026-12-01T20:05:22.100000000Z')).toBe('2026-12-01T20:05:22.1Z');
    expect(goNanoTime('2026-12-01T20:05:22.000000000Z')).toBe('2026-12-01T20:05:22Z');
    expect(() => millisecondTime('2026-12-01T20:05:22.103Z')).toThrow(/nine fractional digits/);
  });

  it('use metric_type and description in JS and Java, kind and name in Go', () => {
    for (const sdk of ['js', 'java'] as const) {
      expect(peerPlaintext(sdk, metric)).toMatchObject({ metric_type: 'gauge', ts: '2026-12-01T20:05:22.103Z' });
      expect(peerPlaintext(sdk, metric)).not.toHaveProperty('kind');
      expect(peerPlaintext(sdk, span)).toMatchObject({ description: 'GET /' });
    }
    expect(peerPlaintext('go', metric)).toMatchObject({ kind: 'gauge', ts: '2026-12-01T20:05:22.103429474Z' });
    expect(peerPlaintext('go', span)).toMatchObject({ name: 'GET /', ts: '2026-12-01T20:05:22.1Z' });
  });

  it('give events level 7 everywhere, and expect the protocol names with millisecond times', () => {
    const event: PeerEntry = { source: 's', ts: metric.ts, input: { type: 'event', event: 'e' } };
    for (const sdk of ['js', 'java', 'go'] as const) expect(peerPlaintext(sdk, event).level).toBe(7);
    expect(expectedEntry(metric)).toEqual({
      v: '2.0',
      type: 'metric',
      source: 's',
      level: 7,
      ts: '2026-12-01T20:05:22.103Z',
      name: 'm',
      value: 1,
      kind: 'gauge',
    });
    expect(expectedEntry(span)).toMatchObject({ name: 'GET /', ts: '2026-12-01T20:05:22.100Z' });
  });
});
