import { ATTRIBUTE_LIMITS, encodeAttributes, jsonText, type LimitReason } from '@logflux/core';
import { describe, expect, it } from 'vitest';

const circular = () => {
  const a: Record<string, unknown> = { x: 1 };
  a.self = a;
  return a;
};

describe('encodeAttributes (docs/protocol.md §6.6)', () => {
  it('turns every kind of value into strings, one rule per kind', () => {
    const error = new TypeError('boom');
    const out = encodeAttributes({
      s: 'text',
      n: 42,
      f: 1.5,
      neg0: -0,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      t: true,
      nil: null,
      u: undefined,
      fn: () => 1,
      sym: Symbol('x'),
      big: 12345678901234567890n,
      when: new Date(Date.UTC(2026, 10, 22, 9, 30)),
      bad: new Date(Number.NaN),
      user: { id: 1, tags: ['a', 'b'], profile: { name: 'Ada' } },
      arr: [1, 'a', { b: 2 }, 3n, new Date(0)],
      empty: {},
      none: [],
      failure: error,
      map: new Map([['k', 1]]),
      set: new Set([1, 2]),
      circ: circular(),
    });
    expect(out).toEqual({
      s: 'text',
      n: '42',
      f: '1.5',
      neg0: '0',
      nan: 'null',
      inf: 'null',
      t: 'true',
      nil: 'null',
      big: '12345678901234567890',
      when: '2026-11-22T09:30:00.000Z',
      bad: 'null',
      'user.id': '1',
      'user.tags': '["a","b"]',
      'user.profile.name': 'Ada',
      arr: '[1,"a",{"b":2},"3","1970-01-01T00:00:00.000Z"]',
      empty: '{}',
      none: '[]',
      'failure.error_type': 'TypeError',
      'failure.error_message': 'boom',
      'failure.stack_trace': error.stack,
      map: '{"k":1}',
      set: '[1,2]',
      'circ.x': '1',
      'circ.self': '[Circular]',
    });
  });

  it('gives an error at the top level its fields, its cause under cause., its own properties beside them', () => {
    const error = Object.assign(new Error('outer', { cause: new RangeError('inner') }), { code: 'E_OUT' });
    const out = encodeAttributes(error);
    expect(out).toMatchObject({ error_type: 'Error', error_message: 'outer', code: 'E_OUT' });
    expect(out['cause.error_type']).toBe('RangeError');
    expect(out['cause.error_message']).toBe('inner');
    expect(out.stack_trace).toContain('outer');
  });

  it('makes a value that is not an object the attribute `value`; null and undefined give nothing', () => {
    expect(encodeAttributes('plain')).toEqual({ value: 'plain' });
    expect(encodeAttributes([1, 2])).toEqual({ value: '[1,2]' });
    expect(encodeAttributes(7)).toEqual({ value: '7' });
    expect(encodeAttributes(undefined)).toEqual({});
    expect(encodeAttributes(null)).toEqual({});
  });

  it('merges into an existing map, later keys winning', () => {
    expect(encodeAttributes({ a: 2, c: { d: 1 } }, { a: '1', b: 'x' })).toEqual({ a: '2', b: 'x', 'c.d': '1' });
  });

  it('flattens nesting up to the depth limit, then writes JSON text', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < ATTRIBUTE_LIMITS.maxDepth + 2; i++) deep = { n: deep };
    const out = encodeAttributes({ deep });
    const [key, value] = Object.entries(out)[0] as [string, string];
    expect(key.split('.')).toHaveLength(ATTRIBUTE_LIMITS.maxDepth); // a dotted key has at most maxDepth parts
    expect(JSON.parse(value)).toEqual({ n: { n: { n: { leaf: true } } } });
  });

  it('applies the limits and says which', () => {
    const heard: LimitReason[] = [];
    const many = Object.fromEntries(Array.from({ length: ATTRIBUTE_LIMITS.maxKeys + 5 }, (_, i) => [`k${i}`, i]));
    const out = encodeAttributes(
      { ...many, ['x'.repeat(ATTRIBUTE_LIMITS.maxKeyLength + 1)]: 'long key', long: `${'y'.repeat(ATTRIBUTE_LIMITS.maxValueLength)}😀` },
      {},
      (r) => heard.push(r),
    );
    expect(Object.keys(out)).toHaveLength(ATTRIBUTE_LIMITS.maxKeys);
    expect(heard.filter((r) => r === 'attribute_count')).toHaveLength(6);
    expect(heard).toContain('attribute_key');
    const cut = encodeAttributes({ long: `${'y'.repeat(ATTRIBUTE_LIMITS.maxValueLength - 2)}😀😀` }, {}, (r) => heard.push(r))
      .long as string;
    expect(cut).toHaveLength(ATTRIBUTE_LIMITS.maxValueLength - 1);
    expect(cut.endsWith('y…')).toBe(true); // the surrogate pair at the cut is not split
    expect(heard).toContain('attribute_value');
  });

  it('survives hostile values: throwing getters and toJSON', () => {
    const hostile = {
      ok: 'yes',
      get boom() {
        throw new Error('getter');
      },
    };
    expect(encodeAttributes(hostile).ok).toBe('yes');
    expect(jsonText({ toJSON: () => ({ a: 1 }) })).toBe('{"a":1}');
    expect(
      jsonText([
        {
          toJSON: () => {
            throw new Error('x');
          },
        },
      ]),
    ).toBe('[object Object]');
  });
});
