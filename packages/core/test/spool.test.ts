import { decodeRecord, encodeRecord, type SpoolRecord } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { createSpool } from '../src/client/spool.js';
import { MemoryStore } from './helpers/fakePlatform.js';

function record(id: string, body: string | Uint8Array, extra: Partial<SpoolRecord> = {}): SpoolRecord {
  return { id, idempotencyKey: `key-${id}-0123456789`, body, entries: 2, entryTypes: [1], createdAt: 7, ...extra };
}

describe('spool records', () => {
  it('round-trip text and binary bodies, and read records of earlier versions', () => {
    const text = record('a', '{"entries":[]}');
    expect(decodeRecord(encodeRecord(text))).toEqual(text);
    const binary = record('b', new Uint8Array([0, 10, 13, 255]), { contentType: 'multipart/mixed; boundary=x' });
    const back = decodeRecord(encodeRecord(binary));
    expect(back).toEqual({ ...binary, body: new Uint8Array([0, 10, 13, 255]) });
    const legacy = new TextEncoder().encode(JSON.stringify(text));
    expect(decodeRecord(legacy)).toEqual(text);
  });
});

describe('createSpool over a key-value store', () => {
  it('evicts the oldest records beyond maxBytes, never the new one, and reports them', async () => {
    const store = new MemoryStore();
    const unreadable: string[] = [];
    const spool = createSpool(store, 600, (id) => unreadable.push(id)); // each record is ~260 bytes
    expect(await spool.append(record('001', 'x'.repeat(150)))).toEqual([]);
    expect(await spool.append(record('002', 'y'.repeat(150)))).toEqual([]);
    const evicted = await spool.append(record('003', 'z'.repeat(150)));
    expect(evicted.map((r) => r.id)).toEqual(['001']);
    expect((await spool.oldest())?.id).toBe('002');
    expect(spool.size().records).toBe(2);
    expect(unreadable).toEqual([]);
  });

  it('writes synchronously where the store can, trims later, and removes unreadable records', async () => {
    const store = new MemoryStore();
    const unreadable: string[] = [];
    const spool = createSpool(store, 300, (id) => unreadable.push(id));
    store.putSync('000', new Uint8Array([1, 2, 3]));
    expect(spool.appendSync(record('001', 'x'.repeat(150)))).toBe(true);
    expect(spool.appendSync(record('002', 'x'.repeat(150)))).toBe(true);
    expect((await spool.oldest())?.id).toBe('001');
    expect(unreadable).toEqual(['000']);
    expect((await spool.trim()).map((r) => r.id)).toEqual(['001']);
    const noSync = createSpool(
      { put: store.put.bind(store), oldest: store.oldest.bind(store), delete: store.delete.bind(store), size: store.size.bind(store) },
      1,
      () => {},
    );
    expect(noSync.appendSync(record('003', 'x'))).toBe(false);
  });

  it('evicts each record once when appends overlap, and passes over a record being sent', async () => {
    const store = new MemoryStore();
    const spool = createSpool(store, 600, () => {}); // room for two ~260-byte records
    for (const id of ['001', '002']) await spool.append(record(id, 'x'.repeat(150)));
    const overlapping = await Promise.all(['003', '004', '005'].map((id) => spool.append(record(id, 'x'.repeat(150)))));
    const evicted = overlapping.flat().map((r) => r.id);
    expect(evicted.sort()).toEqual(['001', '002', '003']);
    expect(new Set(evicted).size).toBe(evicted.length);
    spool.pin('004');
    expect((await spool.append(record('006', 'x'.repeat(150)))).map((r) => r.id)).toEqual(['005']);
    spool.unpin('004');
    expect((await spool.append(record('007', 'x'.repeat(150)))).map((r) => r.id)).toEqual(['004']);
  });
});
