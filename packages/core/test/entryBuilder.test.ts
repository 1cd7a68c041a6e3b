import { describe, expect, it } from 'vitest';
import { completeEntry, levelOf } from '../src/client/entryBuilder.js';

const ctx = { source: 'svc', attributes: { region: 'eu' }, meta: { release: '1.2' } };

describe('entry builders (docs/protocol.md §6)', () => {
  it('complete an entry with v, source, level, ts, attributes and meta; the entry’s own ts and source win', () => {
    const e = completeEntry({ type: 'log', level: 7, message: 'hi' }, { user: 'u1', n: 3 }, ctx, Date.UTC(2026, 0, 1));
    expect(e).toEqual({
      v: '2.0',
      type: 'log',
      source: 'svc',
      level: 7,
      ts: '2026-01-01T00:00:00.000Z',
      message: 'hi',
      attributes: { region: 'eu', user: 'u1', n: '3' },
      meta: { release: '1.2' },
    });
    const own = completeEntry({ type: 'log', level: 7, ts: '2026-12-01T20:05:22.103429474Z', source: 'nginx' }, undefined, ctx, 0);
    expect(own).toMatchObject({ ts: '2026-12-01T20:05:22.103Z', source: 'nginx' });
  });

  it('refuse a level outside 1-8 with invalid_entry', () => {
    expect(() => levelOf(0)).toThrow(expect.objectContaining({ errorClass: 'invalid_entry' }));
    expect(() => levelOf(2.5)).toThrow(/level must be/);
  });
});
