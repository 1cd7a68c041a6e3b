import { describe, expect, it } from 'vitest';
import { errorOf, splitArguments, toAttributes } from '../src/attributes.js';

describe('attributes: the field → attribute selection of these integrations', () => {
  it('leaves the values to the client (one encoding) and drops the logger’s own fields', () => {
    const e = new TypeError('bad');
    expect(toAttributes({ s: 'x', n: 1, o: { a: [1] }, e, skipped: 'y' }, new Set(['skipped']))).toEqual({
      s: 'x',
      n: 1,
      o: { a: [1] },
      e,
    });
    expect(toAttributes(undefined)).toEqual({});
  });

  it('splits console-style arguments into message, error and fields', () => {
    const e = new Error('card declined');
    expect(splitArguments(['order %d for %s', 7, 'alice', { amount: 3 }, e])).toEqual({
      message: 'order 7 for alice',
      error: e,
      fields: { amount: 3 },
    });
    expect(splitArguments([e])).toEqual({ message: 'card declined', error: e, fields: {} });
    expect(splitArguments([[1, 2], null])).toMatchObject({ message: '[ 1, 2 ] null' });
  });

  it('recognises errors and serialised errors only', () => {
    const e = errorOf({ name: 'RangeError', message: 'too big', stack: 'RangeError: too big\n    at f (a.js:1:1)' });
    expect([e?.name, e?.message]).toEqual(['RangeError', 'too big']);
    expect(errorOf({ type: 'X', message: 'm', stack: 's' })?.name).toBe('X');
    expect(errorOf({ message: 'no stack' })).toBeUndefined();
    expect(errorOf('text')).toBeUndefined();
  });
});
