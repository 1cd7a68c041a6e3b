import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the test scripts, without types
import { checkEntries, labelOf, parseExpect } from '../expect.mjs';

describe('expect="…" of a snippet marker', () => {
  it('parses items with their fields', () => {
    expect(parseExpect('invoice created{invoice=INV-2001, source=billing}; queue.depth; ')).toEqual([
      { label: 'invoice created', fields: { invoice: 'INV-2001', source: 'billing' } },
      { label: 'queue.depth', fields: {} },
    ]);
    expect(parseExpect('')).toEqual([]);
    expect(() => parseExpect('a{novalue}')).toThrow(/key=value/);
  });

  it('labels entries by message, name, event or action', () => {
    expect(labelOf({ type: 'log', message: 'm' })).toBe('m');
    expect(labelOf({ type: 'metric', name: 'n' })).toBe('n');
    expect(labelOf({ type: 'event', event: 'e' })).toBe('e');
    expect(labelOf({ type: 'audit', action: 'a' })).toBe('a');
  });

  it('matches entries one to one, fields from attributes first, then the entry, as text', () => {
    const entries = [
      { type: 'log', message: 'invoice created', source: 'billing', attributes: { invoice: 'INV-2001' } },
      { type: 'metric', name: 'queue.depth', value: 17 },
    ];
    expect(checkEntries(parseExpect('invoice created{invoice=INV-2001,source=billing}; queue.depth{value=17}'), entries)).toEqual([]);
    const missing = checkEntries(parseExpect('invoice created{invoice=INV-9}'), entries);
    expect(missing[0]).toBe('no entry "invoice created" with invoice=INV-9');
    expect(missing.some((p: string) => p.startsWith('an entry the marker does not expect: queue.depth'))).toBe(true);
    expect(checkEntries(parseExpect('a; a'), [{ type: 'log', message: 'a' }])).toContain('no entry "a"');
    expect(checkEntries([], [])).toEqual([]);
  });
});
