import { describe, expect, it } from 'vitest';
import { errorEntry, metricEntry, preparedEntry, spanEntry } from '../src/client/typedEntries.js';

describe('builders of metrics, audit entries, spans, errors and prepared entries (docs/protocol.md §6)', () => {
  it('build metrics, spans and errors with the spec’s field names', () => {
    expect(metricEntry({ name: 'rps', value: 3, unit: '1/s' })).toEqual({
      type: 'metric',
      level: 7,
      name: 'rps',
      value: 3,
      unit: '1/s',
      kind: 'gauge',
    });
    const span = spanEntry({
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      name: 'GET',
      operation: 'http',
      startTime: 1000,
      endTime: 1250,
      status: 'error',
    });
    expect(span).toMatchObject({ type: 'trace', level: 4, duration_ms: 250, start_time: '1970-01-01T00:00:01.000Z' });
    const error = errorEntry(new Error('boom', { cause: new TypeError('inner') }), {}, [{ timestamp: 't', category: 'c', message: 'm' }]);
    expect(error).toMatchObject({
      level: 4,
      message: 'boom',
      error_type: 'Error',
      error_cause: 'TypeError: inner',
      breadcrumbs: [{ message: 'm' }],
    });
    expect((error.stack_trace as unknown[]).length).toBeGreaterThan(0);
  });

  it('refuse invalid input with invalid_entry', () => {
    expect(() => metricEntry({ name: 'm', value: Number.NaN })).toThrow(expect.objectContaining({ errorClass: 'invalid_entry' }));
    expect(() => metricEntry({ name: 'm', value: Number.POSITIVE_INFINITY })).toThrow(/finite/);
    expect(() => spanEntry({ traceId: 'x', spanId: 'y', name: '', operation: '', startTime: 0, endTime: 0 })).toThrow(/32-hex/);
    expect(() => preparedEntry({ type: 'bogus', level: 7 })).toThrow(/unknown entry type/);
    expect(preparedEntry({ type: 'event', level: 'notice', event: 'e', attributes: { a: 1 } })).toEqual({
      body: { type: 'event', level: 6, event: 'e' },
      attributes: { a: 1 },
    });
  });
});
