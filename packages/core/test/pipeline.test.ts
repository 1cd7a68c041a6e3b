import {
  type ClientOptions,
  type ClientPlatform,
  decodeRecord,
  encodeRecord,
  type LifecycleEvent,
  LogFluxClient,
  portableProviders,
} from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { envelopesOf, FakeClock, FakeIngestor, MemoryStore, settle } from './helpers/fakePlatform.js';
import { readKey } from './helpers/vectors.js';

const API_KEY = 'lf_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

function setup(options: Partial<ClientOptions> = {}, platform: Partial<ClientPlatform> = {}, server = new FakeIngestor()) {
  const clock = new FakeClock();
  const errors: string[] = [];
  const client = new LogFluxClient(
    {
      apiKey: API_KEY,
      endpoint: 'http://127.0.0.1:9',
      publicKey: readKey('test-rsa-4096-public.pem'),
      onError: (e) => errors.push(e.errorClass),
      ...options,
    },
    { providers: portableProviders(), request: server.request, clock, random: () => 0.5, diagnostic: () => {}, ...platform },
  );
  return { clock, server, client, errors };
}

describe('request formats', () => {
  it('sends multipart to /v1/ingest when the handshake offers it, one part per entry', async () => {
    const server = new FakeIngestor();
    server.multipart = true;
    const { client } = setup({}, {}, server);
    for (let i = 0; i < 3; i++) client.info(`m${i}`);
    expect(await client.flush()).toMatchObject({ acknowledged: 3 });
    const [batch] = server.batches;
    expect(batch?.url).toBe('http://127.0.0.1:9/v1/ingest');
    expect(batch?.headers['Content-Type']).toMatch(/^multipart\/mixed; boundary=lf-[0-9a-f]{32}$/);
    expect(batch?.headers['Idempotency-Key']).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(envelopesOf(batch as never)).toHaveLength(3);
    expect(server.requests.map((r) => new URL(r.url).pathname)).toEqual(['/v1/handshake/init', '/v1/handshake/complete', '/v1/ingest']);
  });

  it('falls back to JSON batches after a 415 for multipart, under the same key, and remembers it', async () => {
    const server = new FakeIngestor();
    server.multipart = true;
    server.multipartStatus = 415;
    const { client } = setup({}, {}, server);
    client.info('a');
    expect(await client.flush()).toMatchObject({ acknowledged: 1 });
    client.info('b');
    expect(await client.flush()).toMatchObject({ acknowledged: 1 });
    const paths = server.batches.map((r) => new URL(r.url).pathname);
    expect(paths).toEqual(['/v1/ingest', '/v1/batch', '/v1/batch']);
    expect(server.batches[1]?.headers['Idempotency-Key']).toBe(server.batches[0]?.headers['Idempotency-Key']);
  });
});

describe('idempotency keys derived where content changes', () => {
  it('splits a 413 into halves keyed <parent>-0 and <parent>-1', async () => {
    const { client, server } = setup();
    await client.ready();
    server.batchHandlers.push(() => ({ status: 413 }));
    for (let i = 0; i < 4; i++) client.info(`s${i}`);
    expect(await client.flush()).toMatchObject({ acknowledged: 4 });
    const keys = server.batches.map((r) => r.headers['Idempotency-Key']);
    expect(keys.slice(1)).toEqual([`${keys[0]}-0`, `${keys[0]}-1`]);
  });

  it('sends a writeBatch group alone under its key, and resolves with the group’s own outcome', async () => {
    const { client, server } = setup();
    await client.ready();
    client.info('before');
    const result = await client.writeBatch(
      [
        { level: 7, message: 'line 1', ts: 1_800_000_000_000, source: 'file' },
        { level: 4, message: 'line 2' },
      ],
      { idempotencyKey: 'agent-file-0-120-abcdef' },
    );
    expect(result).toEqual({ acknowledged: 2, spooled: 0, dropped: {}, pending: 0 });
    const group = server.batches.find((r) => r.headers['Idempotency-Key'] === 'agent-file-0-120-abcdef');
    expect(envelopesOf(group as never)).toHaveLength(2);
    await client.flush();
    expect(client.stats().acknowledged).toBe(3);
    expect(await client.writeBatch([{ level: 7, message: 'x' }], { idempotencyKey: 'no' })).toMatchObject({ acknowledged: 0 });
  });
});

describe('writeBatch results', () => {
  it('count the entries the filters and beforeSend dropped beside the stored ones', async () => {
    const { client } = setup({ minLevel: 6, beforeSend: (e) => ((e as { message?: string }).message === 'secret' ? null : e) });
    await client.ready();
    const result = await client.writeBatch(
      [
        { level: 6, message: 'kept' },
        { level: 8, message: 'debug, below the level' },
        { level: 6, message: 'secret' },
        { level: 3, message: 'kept too' },
      ],
      { idempotencyKey: 'group-with-drops-0001' },
    );
    expect(result).toEqual({ acknowledged: 2, spooled: 0, dropped: { below_level: 1, before_send: 1 }, pending: 0 });
  });

  it('count a group that does not fit the queue as dropped, all of it', async () => {
    const { client } = setup({ maxQueueEntries: 2 });
    await client.ready();
    const entries = [1, 2, 3].map((i) => ({ level: 6, message: `line ${i}` }));
    const result = await client.writeBatch(entries, { idempotencyKey: 'group-overflowing-0001' });
    expect(result).toEqual({ acknowledged: 0, spooled: 0, dropped: { queue_overflow: 3 }, pending: 0 });
    expect(client.stats().dropped.queue_overflow).toBe(3);
  });

  it('refuse a group with an invalid entry whole, counting none of it as logged', async () => {
    const { client, errors } = setup();
    await client.ready();
    const before = client.stats().logged;
    const result = await client.writeBatch(
      [
        { level: 6, message: 'fine' },
        { level: 42, message: 'no such level' },
      ],
      {
        idempotencyKey: 'group-invalid-entry-01',
      },
    );
    expect(result).toEqual({ acknowledged: 0, spooled: 0, dropped: {}, pending: 0 });
    expect(errors).toContain('invalid_entry');
    expect(client.stats().logged).toBe(before);
  });
});

describe('spool replay', () => {
  it('replaces a stored request refused with 413 by two records holding its halves', async () => {
    const store = new MemoryStore();
    const body = JSON.stringify({ entries: [{ a: 1 }, { b: 2 }, { c: 3 }] });
    const id = '000000000000001-000001-parentkey0123456';
    store.putSync(id, encodeRecord({ id, idempotencyKey: 'parentkey0123456', body, entries: 3, entryTypes: [1], createdAt: 0 }));
    const server = new FakeIngestor();
    server.batchHandlers.push(() => ({ status: 413 }));
    const { client, clock } = setup({}, { spool: { store, maxBytes: 1 << 20 } }, server);
    await client.ready();
    for (let i = 0; i < 10 && (store.size().records > 0 || server.batches.length < 3); i++) await clock.advance(1000);
    expect(server.batches.map((r) => r.headers['Idempotency-Key'])).toEqual([
      'parentkey0123456',
      'parentkey0123456-0',
      'parentkey0123456-1',
    ]);
    expect(server.batches.map((r) => envelopesOf(r).length)).toEqual([3, 2, 1]);
    expect(store.size().records).toBe(0);
    expect(client.stats().acknowledged).toBe(3);
  });
});

describe('lifecycle (ClientPlatform.lifecycle)', () => {
  function host() {
    let emit: (e: LifecycleEvent) => void = () => {};
    let subscribed = 0;
    return {
      lifecycle: {
        subscribe(listener: (e: LifecycleEvent) => void) {
          emit = listener;
          subscribed++;
          return () => {
            subscribed--;
          };
        },
      },
      emit: (e: LifecycleEvent) => emit(e),
      subscribed: () => subscribed,
    };
  }

  it('delivers when hidden, and seals what is left into the spool when leaving, within the keepalive budget', async () => {
    const h = host();
    const store = new MemoryStore();
    const { client, server, clock } = setup(
      { flushIntervalMs: 60_000 },
      { lifecycle: h.lifecycle, spool: { store, maxBytes: 1 << 20 }, keepaliveBytes: 8192 },
    );
    await client.ready();
    client.info('hidden');
    h.emit('hidden');
    await settle();
    expect(server.batches).toHaveLength(1);
    expect(server.batches[0]?.keepalive).toBe(true);
    for (let i = 0; i < 20; i++) client.info(`left ${i}`, { pad: 'x'.repeat(200) });
    h.emit('leaving');
    expect(client.stats().queued.entries).toBe(0);
    const records = [...store.values.values()].map(decodeRecord);
    expect(records.reduce((n, r) => n + r.entries, 0)).toBe(20);
    for (const r of records) expect((r.body as string).length).toBeLessThanOrEqual(8192 / 4);
    const closing = client.close();
    await clock.advance(20_000);
    await closing;
    expect(h.subscribed()).toBe(0);
  });

  it('spools only what sendOnExit could not deliver', async () => {
    const h = host();
    const store = new MemoryStore();
    const sent: string[] = [];
    const { client } = setup(
      { flushIntervalMs: 60_000 },
      {
        lifecycle: h.lifecycle,
        spool: { store, maxBytes: 1 << 20 },
        sendOnExit: (req) => {
          sent.push(req.headers['Idempotency-Key'] as string);
          return { status: 200, body: '', header: () => undefined };
        },
      },
    );
    await client.ready();
    client.info('a');
    client.info('b');
    h.emit('leaving');
    expect(sent).toHaveLength(1);
    expect(store.size().records).toBe(0);
    expect(client.stats().acknowledged).toBe(2);
  });
});
