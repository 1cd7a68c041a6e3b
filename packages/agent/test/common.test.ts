import { describe, expect, it } from 'vitest';
import { attributeValue, levelFromWord, logEntry, timeFrom } from '../src/mapping/common.js';

describe('mapping helpers', () => {
  it('reads level words in any case', () => {
    expect([
      levelFromWord('EMERG'),
      levelFromWord('crit'),
      levelFromWord('Warning'),
      levelFromWord('trace'),
      levelFromWord('loud'),
    ]).toEqual([1, 3, 5, 8, undefined]);
  });

  it('reads times as seconds, milliseconds or date strings, and refuses the rest', () => {
    expect(timeFrom(1764600000)).toBe(1764600000000);
    expect(timeFrom(1764600000.5)).toBe(1764600000500);
    expect(timeFrom(1764600000123)).toBe(1764600000123);
    expect(timeFrom('1764600000')).toBe(1764600000000);
    expect(timeFrom('2026-12-01T10:00:00+01:00')).toBe(Date.parse('2026-12-01T09:00:00Z'));
    expect([timeFrom('soon'), timeFrom(-5), timeFrom(undefined), timeFrom(1e20)]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('turns values into attribute strings and builds log entries with the context beneath', () => {
    expect([attributeValue('x'), attributeValue(3), attributeValue({ a: 1 }), attributeValue(null)]).toEqual(['x', '3', '{"a":1}', 'null']);
    expect(logEntry({ attributes: { env: 'ci', k: 'ctx' }, now: 5 }, 'm', 7, undefined, { k: 'own' })).toEqual({
      type: 'log',
      level: 7,
      ts: 5,
      message: 'm',
      attributes: { env: 'ci', k: 'own' },
    });
  });
});
