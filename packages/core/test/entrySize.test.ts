import { fitEntry, type InnerEntry, type LimitReason, MAX_ENTRY_BYTES, utf8Length } from '@logflux/core';
import { describe, expect, it } from 'vitest';

const entry = (message: string, attributes?: Record<string, string>): InnerEntry => ({
  v: '2.0',
  type: 'log',
  source: 'app',
  level: 7,
  ts: '2026-11-22T09:30:00.000Z',
  message,
  ...(attributes ? { attributes } : {}),
});

describe('entry size limit (docs/protocol.md §6.6)', () => {
  it('measures UTF-8 without encoding', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀é€\u0000']) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });

  it('leaves an entry that fits as its JSON', () => {
    const e = entry('hello', { a: '1' });
    expect(fitEntry(e)).toBe(JSON.stringify(e));
  });

  it('cuts the attributes first, then the message, and marks what it cut', () => {
    const heard: LimitReason[] = [];
    const big = { a: 'x'.repeat(MAX_ENTRY_BYTES) };
    const onlyAttributes = JSON.parse(fitEntry(entry('short', big), (r) => heard.push(r)) as string);
    expect(onlyAttributes.attributes).toEqual({ 'logflux.truncated': 'attributes' });
    expect(onlyAttributes.message).toBe('short');

    const huge = 'é'.repeat(MAX_ENTRY_BYTES); // 2 MiB of UTF-8
    const json = fitEntry(entry(huge), (r) => heard.push(r)) as string;
    expect(utf8Length(json)).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
    const cut = JSON.parse(json);
    expect(cut.message.endsWith('…')).toBe(true);
    expect(cut.message.length).toBeGreaterThan(MAX_ENTRY_BYTES / 4);
    expect(cut.attributes).toEqual({ 'logflux.truncated': 'message' });
    expect(heard).toEqual(['entry_size', 'entry_size']);
  });

  it('gives up (undefined) when other fields alone are too large', () => {
    expect(fitEntry({ ...entry('m'), extra: 'z'.repeat(MAX_ENTRY_BYTES + 1) })).toBeUndefined();
  });
});
