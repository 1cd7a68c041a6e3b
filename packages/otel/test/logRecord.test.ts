import { mapLogRecord, otelSeverityToSyslog } from '@logflux/otel';
import { describe, expect, it } from 'vitest';

describe('mapLogRecord and severities', () => {
  it('every severity range and text', () => {
    expect(Array.from({ length: 24 }, (_, i) => otelSeverityToSyslog(i + 1))).toEqual([
      ...Array(8).fill(8),
      ...Array(4).fill(7),
      ...Array(4).fill(5),
      ...Array(4).fill(4),
      ...Array(4).fill(2),
    ]);
    expect(['FATAL', 'critical', 'Error', 'warning', 'debug', 'INFO', undefined].map((t) => otelSeverityToSyslog(0, t))).toEqual([
      2, 2, 4, 5, 8, 7, 7,
    ]);
  });

  it('resource attributes only when asked, bytes as base64 (nested too), nulls skipped, record attributes winning', () => {
    const record = {
      hrTime: [1_700_000_000, 250_000_000] as [number, number],
      body: 'x',
      eventName: 'cart.checkout',
      resource: { attributes: { 'service.name': 'shop', region: 'eu' } },
      attributes: { region: 'us', raw: { bytes: new Uint8Array([1, 2]) }, empty: null },
    };
    const plain = mapLogRecord(record);
    expect(plain).toEqual({
      kind: 'entry',
      entry: {
        type: 'log',
        level: 7,
        message: 'x',
        ts: 1_700_000_000_250,
        attributes: { region: 'us', raw: { bytes: 'AQI=' }, 'event.name': 'cart.checkout' },
      },
    });
    const withResource = mapLogRecord(record, true);
    expect(withResource.kind === 'entry' && withResource.entry.attributes).toMatchObject({ 'service.name': 'shop', region: 'us' });
  });

  it('an exception record is an error to capture, with its stack, at least at level 4', () => {
    const mapped = mapLogRecord({ hrTime: [0, 0], severityNumber: 9, attributes: { 'exception.message': 'boom' } });
    expect(mapped.kind).toBe('error');
    if (mapped.kind !== 'error') return;
    expect([mapped.error.name, mapped.error.message, mapped.error.stack, mapped.level, mapped.message]).toEqual([
      'Error',
      'boom',
      'Error: boom',
      4,
      'boom',
    ]);
  });
});
