import { isOtelSpan, type OtelSpanLike, spanInputOf } from '@logflux/core';
import { describe, expect, it } from 'vitest';

const span = (over: Partial<OtelSpanLike> = {}): OtelSpanLike => ({
  name: 'GET /',
  kind: 1,
  spanContext: () => ({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' }),
  startTime: [1_700_000_000, 500_000_000],
  endTime: [1_700_000_001, 250_000_000],
  status: { code: 0 },
  attributes: {},
  ...over,
});

describe('spanInputOf: OpenTelemetry spans as span() input', () => {
  it('reads ids, kind, times and status of a 2.x span, and a 1.x parentSpanId', () => {
    expect(spanInputOf(span({ parentSpanContext: { spanId: '1111111111111111' } }))).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      parentSpanId: '1111111111111111',
      name: 'GET /',
      operation: 'server',
      startTime: 1_700_000_000_500,
      endTime: 1_700_000_001_250,
      status: 'ok',
      attributes: {},
    });
    expect(spanInputOf(span({ parentSpanId: '2222222222222222', kind: 3 }))).toMatchObject({
      parentSpanId: '2222222222222222',
      operation: 'producer',
    });
    expect(spanInputOf(span({ kind: 99, status: { code: 2, message: 'boom' } }))).toMatchObject({
      operation: 'internal',
      status: 'error',
      attributes: { 'otel.status_message': 'boom' },
    });
  });

  it('keeps primitive attributes, writes arrays as JSON text, skips null', () => {
    expect(spanInputOf(span({ attributes: { a: 'x', n: 2, b: false, list: [1, 2], gone: null } })).attributes).toEqual({
      a: 'x',
      n: 2,
      b: false,
      list: '[1,2]',
    });
  });

  it('passes LogFlux span inputs through and never throws on a broken span', () => {
    const own = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'n', operation: 'o', startTime: 1, endTime: 2 };
    expect(spanInputOf(own)).toBe(own);
    expect(isOtelSpan(own)).toBe(false);
    const broken = span({
      spanContext: () => {
        throw new Error('ended');
      },
    });
    expect(spanInputOf(broken)).toBe(broken);
  });
});
