import type { HttpResponse } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { type VerdictContext, verdict } from '../src/client/verdict.js';

const now = 1_000_000;
const ctx: VerdictContext = {
  now,
  attempts: 0,
  maxRetries: 3,
  entries: 10,
  canReseal: true,
  multipart: false,
  backoff: (attempt) => attempt * 100,
  quotaPauseMs: 60_000,
};

function res(status: number, headers: Record<string, string> = {}): HttpResponse {
  return { status, body: '', header: (n) => headers[n.toLowerCase()] };
}

describe('verdict: one table for live delivery and replay (docs/delivery.md)', () => {
  it.each([
    [200, {}, { kind: 'ack' }],
    [202, {}, { kind: 'ack' }],
    [400, {}, { kind: 'reject' }],
    [401, {}, { kind: 'stop' }],
    [403, {}, { kind: 'stop' }],
    [410, {}, { kind: 'reseal' }],
    [410, { canReseal: false }, { kind: 'drop', reason: 'unknown_key' }],
    [413, {}, { kind: 'split' }],
    [413, { entries: 1 }, { kind: 'drop', reason: 'too_large' }],
    [429, {}, { kind: 'pause', scope: 'all', until: now + 100 }],
    [507, {}, { kind: 'pause', scope: 'types', until: now + 60_000 }],
    [415, { multipart: true }, { kind: 'reframe' }],
    [404, { multipart: true }, { kind: 'reframe' }],
    [405, { multipart: true }, { kind: 'reframe' }],
    [415, {}, { kind: 'retry', delayMs: 100 }],
    [500, {}, { kind: 'retry', delayMs: 100 }],
    [503, { attempts: 2 }, { kind: 'retry', delayMs: 300 }],
    [500, { attempts: 3 }, { kind: 'give_up' }],
    [302, {}, { kind: 'retry', delayMs: 100 }],
    [418, {}, { kind: 'retry', delayMs: 100 }],
  ] as const)('%i %j → %j', (status, overrides, expected) => {
    expect(verdict(res(status), { ...ctx, ...overrides })).toEqual(expected);
  });

  it('treats a network error like a 5xx, and gives up after the retries (0 retries in replay)', () => {
    expect(verdict(undefined, ctx)).toEqual({ kind: 'retry', delayMs: 100 });
    expect(verdict(undefined, { ...ctx, maxRetries: 0 })).toEqual({ kind: 'give_up' });
  });

  it('honours Retry-After in seconds and as an HTTP date, for 429, 507 and 503', () => {
    expect(verdict(res(429, { 'retry-after': '7' }), ctx)).toEqual({ kind: 'pause', scope: 'all', until: now + 7000 });
    const date = new Date(now + 30_000).toUTCString();
    expect(verdict(res(507, { 'retry-after': date }), ctx)).toMatchObject({ kind: 'pause', scope: 'types' });
    expect(verdict(res(503, { 'retry-after': '2' }), ctx)).toEqual({ kind: 'retry', delayMs: 2000 });
    // Unparsable: the backoff, never NaN.
    expect(verdict(res(429, { 'retry-after': 'soon' }), ctx)).toEqual({ kind: 'pause', scope: 'all', until: now + 100 });
  });
});
