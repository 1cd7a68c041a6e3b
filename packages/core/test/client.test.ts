import {
  backoffDelay,
  type ClientOptions,
  decodeRecord,
  encodeRecord,
  importPrivateKeyPem,
  LogFluxClient,
  type LogFluxError,
  openEnvelope,
  parseRetryAfter,
  portableProviders,
  sealEntries,
  unwrapSessionKey,
} from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { bodyText, FakeClock, FakeIngestor, MemoryStore, settle } from './helpers/fakePlatform.js';
import { readKey } from './helpers/vectors.js';

const API_KEY = 'lf_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

function setup(options: Partial<ClientOptions> = {}, random = () => 0.5) {
  const clock = new FakeClock();
  const server = new FakeIngestor();
  const errors: LogFluxError[] = [];
  const diagnostics: string[] = [];
  const client = new LogFluxClient(
    {
      apiKey: API_KEY,
      endpoint: 'http://127.0.0.1:9',
      publicKey: readKey('test-rsa-4096-public.pem'),
      onError: (e) => errors.push(e),
      ...options,
    },
    { providers: portableProviders(), request: server.request, clock, random, diagnostic: (m) => diagnostics.push(m) },
  );
  return { clock, server, client, errors, diagnostics };
}

describe('client options', () => {
  it('with strict: true, fails at construction, naming the option', () => {
    const make = (o: Partial<ClientOptions>) => () => setup({ strict: true, ...o });
    expect(make({ maxBatchEntries: 5000 })).toThrow(/option maxBatchEntries must be an integer from 1 to 1000/);
    expect(make({ payloadType: 3 as 1 })).toThrow(/payloadType/);
    expect(make({ sampleRate: 2 })).toThrow(/sampleRate/);
    expect(make({ apiKey: 'nope' })).toThrow(expect.objectContaining({ errorClass: 'api_key_format' }));
    expect(make({ endpoint: 'http://logs.example.com' })).toThrow(expect.objectContaining({ errorClass: 'insecure_endpoint' }));
    expect(make({ publicKey: 'SHA256:xyz' })).toThrow(expect.objectContaining({ errorClass: 'pin_format' }));
    expect(make({ beforeSend: 'x' as never })).toThrow(/beforeSend/);
  });

  it('without strict, starts disabled: says why once, drops every entry as invalid_config, never throws', async () => {
    const bad: [Partial<ClientOptions>, RegExp][] = [
      [{ maxBatchEntries: 5000 }, /invalid_option: option maxBatchEntries must be an integer from 1 to 1000/],
      [{ apiKey: 'nope' }, /api_key_format/],
      [{ apiKey: undefined as never }, /invalid_option: option apiKey is missing/],
      [{ endpoint: 'http://logs.example.com' }, /insecure_endpoint/],
      [{ endpoint: undefined }, /no_region/],
      [{ publicKey: 'SHA256:xyz' }, /pin_format/],
      [{ beforeSend: 'x' as never }, /beforeSend/],
    ];
    for (const [options, cause] of bad) {
      const { client, errors, diagnostics, server } = setup(options);
      client.info('a');
      client.metric({ name: 'm', value: 1 });
      expect(await client.flush()).toEqual({ acknowledged: 0, spooled: 0, dropped: {}, pending: 0 });
      expect(client.stats().dropped.invalid_config).toBe(2);
      expect(diagnostics.filter((d) => /logflux: the client cannot start/.test(d))).toHaveLength(1);
      expect(diagnostics.join('\n')).toMatch(cause);
      expect(errors.map((e) => `${e.errorClass}: ${e.message}`).join('\n')).toMatch(cause);
      expect(client.stats().lastError?.errorClass).toBeDefined();
      await expect(client.ready()).rejects.toMatchObject({ message: expect.any(String) });
      await client.close();
      expect(server.requests).toHaveLength(0);
      expect(diagnostics.join('\n')).not.toContain(API_KEY);
    }
  });

  it('warns once when no pin is configured', async () => {
    const { client, diagnostics, clock } = setup({ publicKey: undefined });
    client.info('a');
    await client.flush();
    client.info('b');
    await clock.advance(2000);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/no publicKey pin/);
  });
});

describe('Retry-After and backoff', () => {
  it('parses seconds and HTTP dates, never yielding NaN', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
    for (const bad of ['soon', '', '-5', '1.5', undefined]) expect(parseRetryAfter(bad, now)).toBeUndefined();
  });

  it('draws full jitter under an exponential, capped ceiling', () => {
    expect(backoffDelay(1, 1000, 30_000, () => 0.999)).toBe(999);
    expect(backoffDelay(4, 1000, 30_000, () => 0.5)).toBe(4000);
    expect(backoffDelay(20, 1000, 30_000, () => 0.999)).toBe(29_970);
  });
});

describe('batching', () => {
  it('names every flush: size, bytes, interval, manual', async () => {
    const { client, clock, server } = setup({ maxBatchEntries: 10, maxBatchBytes: 4096, flushIntervalMs: 1000 });
    await client.ready();
    for (let i = 0; i < 10; i++) client.info(`e${i}`);
    await settle();
    client.info('x'.repeat(5000));
    await settle();
    client.info('lonely');
    await clock.advance(1000);
    client.info('manual');
    await client.flush();
    expect(client.stats().flushes).toMatchObject({ size: 1, bytes: 1, interval: 1, manual: 1 });
    expect(server.batches.map((r) => (JSON.parse(bodyText(r.body)) as { entries: unknown[] }).entries.length)).toEqual([10, 1, 1, 1]);
  });

  it('bounds the queue by entries and by bytes, counting drops', async () => {
    const { client } = setup({ maxQueueEntries: 5, maxQueueBytes: 2048, flushIntervalMs: 60_000, maxBatchEntries: 100 });
    for (let i = 0; i < 8; i++) client.info(`e${i}`);
    expect(client.stats().dropped.queue_overflow).toBe(3);
    const { client: small } = setup({ maxQueueBytes: 1024, flushIntervalMs: 60_000 });
    small.info('y'.repeat(900));
    small.info('y'.repeat(900));
    expect(small.stats()).toMatchObject({ queued: { entries: 1 }, dropped: { queue_overflow: 1 } });
  });

  it('filters by level, samples (never audit), and lets beforeSend drop or edit', async () => {
    const { client, server } = setup(
      { minLevel: 6, sampleRate: 0.5, beforeSend: (e) => (e.message === 'secret' ? null : { ...e, edited: true }) },
      () => 0.7,
    );
    client.debug('too verbose');
    client.notice('sampled away');
    client.audit({ action: 'a', actor: 'b', resource: 'c', resourceId: 'd', outcome: 'success' });
    const result = await client.flush();
    expect(client.stats().dropped).toMatchObject({ below_level: 1, sampled: 1 });
    expect(result.acknowledged).toBe(1);
    const { client: c2 } = setup({ beforeSend: (e) => (e.message === 'secret' ? null : { ...e, edited: true }) });
    c2.info('secret');
    c2.info('public');
    expect((await c2.flush()).acknowledged).toBe(1);
    expect(c2.stats().dropped.before_send).toBe(1);
    expect(server.batches).toHaveLength(1);
  });

  it('never throws into the application', () => {
    const { client, errors } = setup({
      onError: () => {
        throw new Error('bad hook');
      },
      beforeSend: () => {
        throw new Error('bad beforeSend');
      },
    });
    expect(() => client.metric({ name: 'm', value: Number.NaN })).not.toThrow();
    expect(() => client.log(42 as 1, 'x')).not.toThrow();
    expect(() => client.info('ok')).not.toThrow();
    expect(errors).toEqual([]);
    expect(client.stats().lastError?.errorClass).toBe('hook_failed'); // the last: beforeSend threw for 'ok'
  });
});

describe('delivery', () => {
  it('reports partial failures as rejected and never retries them', async () => {
    const { client, server } = setup();
    server.batchHandlers.push((_r, entries) => ({
      status: 200,
      body: {
        status: 'partial',
        data: { success: false, total: entries.length, succeeded: 2, failed: 1, failures: [{ index: 1, error: 'base64' }] },
      },
    }));
    for (let i = 0; i < 3; i++) client.info(`e${i}`);
    expect(await client.flush()).toEqual({ acknowledged: 2, spooled: 0, dropped: { rejected: 1 }, pending: 0 });
    expect(server.batches).toHaveLength(1);
  });

  it('pauses everything on 429 and retries the same request with the same Idempotency-Key', async () => {
    const { client, server, clock } = setup();
    await client.ready();
    server.batchHandlers.push(() => ({ status: 429, headers: { 'retry-after': '7' } }));
    client.info('a');
    const flushed = client.flush();
    await clock.advance(6000);
    expect(server.batches).toHaveLength(1);
    await clock.advance(2000);
    expect((await flushed).acknowledged).toBe(1);
    const [first, second] = server.batches;
    expect(second?.headers['Idempotency-Key']).toBe(first?.headers['Idempotency-Key']);
    expect(second?.body).toBe(first?.body);
  });

  it('pauses only the entry types of a 507 and resumes after Retry-After', async () => {
    const { client, server, clock } = setup();
    await client.ready();
    server.batchHandlers.push(() => ({ status: 507, headers: { 'retry-after': '60' } }));
    client.audit({ action: 'a', actor: 'b', resource: 'c', resourceId: 'd', outcome: 'success' });
    void client.flush({ timeoutMs: 100 });
    await clock.advance(200);
    client.info('logs still flow');
    // The flush covers the paused audit entry too, so it reports it as pending at its timeout.
    const logs = client.flush({ timeoutMs: 1000 });
    await clock.advance(2000);
    const sentTypes = server.batches.map((r) => bodyText(r.body).match(/"entry_type":(\d)/)?.[1]);
    expect(sentTypes).toEqual(['5', '1']);
    expect(await logs).toEqual({ acknowledged: 1, spooled: 0, dropped: {}, pending: 1 });
    await clock.advance(60_000);
    expect(server.batches.map((r) => bodyText(r.body).match(/"entry_type":(\d)/)?.[1])).toEqual(['5', '1', '5']);
    expect(client.stats().acknowledged).toBe(2);
  });

  it('re-handshakes on 410 and re-seals under the new key with a new Idempotency-Key', async () => {
    const { client, server } = setup();
    await client.ready();
    server.batchHandlers.push(() => ({ status: 410 }));
    client.info('survives a forgotten key');
    expect((await client.flush()).acknowledged).toBe(1);
    const [first, second] = server.batches;
    expect(first?.body).toContain('"key_id":"key-1"');
    expect(second?.body).toContain('"key_id":"key-2"');
    expect(second?.headers['Idempotency-Key']).not.toBe(first?.headers['Idempotency-Key']);
  });

  it('retries 5xx with backoff, then drops as network_error when no spool exists', async () => {
    const { client, server, clock } = setup({ maxRetries: 2, backoffInitialMs: 100, backoffMaxMs: 1000 });
    await client.ready();
    for (let i = 0; i < 3; i++) server.batchHandlers.push(() => ({ status: 503 }));
    client.info('doomed');
    const flushed = client.flush();
    await clock.advance(5000);
    expect(await flushed).toMatchObject({ acknowledged: 0, dropped: { network_error: 1 } });
    expect(server.batches).toHaveLength(3);
    expect(client.stats().retries).toBe(2);
  });

  it('stops on 401: flush reports pending, close counts them as unauthorized', async () => {
    const { client, server } = setup();
    server.initStatus = 401;
    client.info('a');
    client.info('b');
    const flushed = await client.flush();
    expect(flushed.pending).toBe(2);
    expect(client.stats().transport).toBe('unauthorized');
    expect(server.batches).toHaveLength(0);
    await client.close();
    expect(client.stats().dropped.unauthorized).toBe(2);
  });

  it('rotates the session key after rotateAfterEntries', async () => {
    const { client, server } = setup({ rotateAfterEntries: 5, maxBatchEntries: 5 });
    for (let i = 0; i < 12; i++) client.info(`e${i}`);
    await client.flush();
    const keys = server.batches.map((r) => bodyText(r.body).match(/"key_id":"(key-\d)"/)?.[1]);
    expect(keys).toEqual(['key-1', 'key-2', 'key-3']);
  });
});

describe('platform sealer', () => {
  it('seals through ClientPlatform.sealer when the runtime supplies one, and a sealing failure is a counted, reported drop', async () => {
    const clock = new FakeClock();
    const server = new FakeIngestor();
    const providers = portableProviders();
    const calls: number[] = [];
    let fail = false;
    const errors: LogFluxError[] = [];
    const client = new LogFluxClient(
      { apiKey: API_KEY, endpoint: 'http://127.0.0.1:9', publicKey: readKey('test-rsa-4096-public.pem'), onError: (e) => errors.push(e) },
      {
        providers,
        request: server.request,
        clock,
        sealer: {
          seal: async (entries, key, payloadType, format) => {
            calls.push(entries.length);
            if (fail) throw new Error('sealer down');
            return { format: 'json', pieces: (await sealEntries(entries, key, payloadType, providers, format)) as string[] };
          },
        },
      },
    );
    for (let i = 0; i < 3; i++) client.info(`e${i}`);
    const ok = await client.flush();
    expect(calls).toEqual([3]);
    expect(ok.acknowledged).toBe(3);
    expect(server.batches).toHaveLength(1);
    fail = true;
    client.info('lost?');
    const bad = await client.flush();
    expect(bad.acknowledged).toBe(0);
    expect(client.stats().dropped.rejected).toBe(1);
    expect(errors.at(-1)?.message).toMatch(/sealer down/);
  });
});

describe('spool accounting', () => {
  it('counts records left by an earlier process once, and never goes below zero', async () => {
    const clock = new FakeClock();
    const server = new FakeIngestor();
    const store = new MemoryStore();
    const body = JSON.stringify({ entries: [{}, {}, {}] });
    store.putSync(
      '000000000000001-old',
      encodeRecord({ id: '000000000000001-old', idempotencyKey: 'old-key-0123456789', body, entries: 3, entryTypes: [1], createdAt: 0 }),
    );
    const seen: number[] = [];
    const client = new LogFluxClient(
      { apiKey: API_KEY, endpoint: 'http://127.0.0.1:9', publicKey: readKey('test-rsa-4096-public.pem') },
      { providers: portableProviders(), request: server.request, clock, spool: { store, maxBytes: 1 << 30 } },
    );
    // The first batch fails over to the spool, so this process adds a record of its own.
    server.batchHandlers.push(
      () => ({ status: 503 }),
      () => ({ status: 503 }),
      () => ({ status: 503 }),
      () => ({ status: 503 }),
    );
    client.info('a');
    client.info('b');
    const flushed = client.flush();
    for (let i = 0; i < 40; i++) {
      await clock.advance(5000);
      seen.push(client.stats().spool.entries);
    }
    const result = await flushed;
    expect(result.acknowledged).toBe(2);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...seen)).toBeLessThanOrEqual(5);
    expect(client.stats().spool.entries).toBe(0);
    expect(store.size().records).toBe(0);
    expect(client.stats().acknowledged).toBe(5);
  });

  it('with the ingestor down and the spool over its cap, accounts for every call exactly once', async () => {
    const clock = new FakeClock();
    const server = new FakeIngestor();
    server.batchHandlers = Array.from({ length: 10_000 }, () => () => ({ status: 503 }));
    const store = new MemoryStore();
    const client = new LogFluxClient(
      {
        apiKey: API_KEY,
        endpoint: 'http://127.0.0.1:9',
        publicKey: readKey('test-rsa-4096-public.pem'),
        maxBatchEntries: 10,
        maxConcurrentRequests: 4,
        maxRetries: 0,
        onError: () => {},
      },
      { providers: portableProviders(), request: server.request, clock, spool: { store, maxBytes: 8 * 1024 } },
    );
    const calls = 400;
    for (let i = 0; i < calls; i++) client.info(`entry ${i}`, { i });
    for (let i = 0; i < 30; i++) await clock.advance(1000);
    const stats = client.stats();
    const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
    expect(stats.dropped.spool_overflow).toBeGreaterThan(0);
    expect(stats.queued.entries + dropped + stats.acknowledged + stats.inFlight + stats.spool.entries).toBe(calls);
    expect(stats.spool.entries).toBe([...store.values.values()].reduce((n, v) => n + decodeRecord(v).entries, 0));
  });
});

describe('write()', () => {
  /** Decrypts what the fake ingestor received, with the TEST-ONLY private key. */
  async function received(server: FakeIngestor): Promise<Record<string, unknown>[]> {
    const privateKey = await importPrivateKeyPem(readKey('test-rsa-4096-private.pem'));
    const complete = server.requests.find((r) => r.url.endsWith('/v1/handshake/complete'));
    const key = await unwrapSessionKey(privateKey, JSON.parse(bodyText(complete?.body) || '{}').encrypted_secret);
    const out: Record<string, unknown>[] = [];
    for (const batch of server.batches)
      for (const envelope of JSON.parse(bodyText(batch.body) || '{}').entries)
        out.push((await openEnvelope(envelope, { providers: portableProviders(), key })).entry);
    return out;
  }

  it('takes a snapshot at the call, even when the entry is built once the lazily loaded parts are in', async () => {
    const { client, server } = setup();
    // Right after construction the lazily loaded parts are still loading: these wait for them.
    const attributes: Record<string, unknown> = { stage: 'before', nested: { n: 1 } };
    const input = { name: 'queue.depth', value: 3, kind: 'gauge' as const, attributes };
    client.metric(input);
    client.write({ level: 'info', message: 'original', attributes });
    client.info('in order, after both');
    attributes.stage = 'after';
    (attributes.nested as { n: number }).n = 2;
    input.value = 99;
    await client.flush();
    const entries = await received(server);
    expect(entries.map((e) => [e.type, e.value ?? e.message, e.attributes])).toEqual([
      ['metric', 3, { stage: 'before', 'nested.n': '1' }],
      ['log', 'original', { stage: 'before', 'nested.n': '1' }],
      ['log', 'in order, after both', undefined],
    ]);
  });

  it('keeps the caller’s time and source, and takes any entry type with its fields', async () => {
    const { client, server, errors } = setup();
    client.write({
      level: 'warning',
      message: 'disk 91%',
      ts: '2026-12-01T20:05:22.103429474Z',
      source: 'nginx',
      attributes: { host: 'a' },
    });
    client.write({ type: 'metric', level: 7, name: 'rps', value: 12, kind: 'gauge', ts: 1_800_000_000_000 });
    client.write({ type: 'nonsense', level: 7 });
    client.write({ level: 9, message: 'x' });
    client.write({ level: 7, message: 'x', ts: 'not a time' });
    await client.flush();
    const entries = await received(server);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ type: 'log', level: 5, message: 'disk 91%', ts: '2026-12-01T20:05:22.103Z', source: 'nginx' });
    expect(entries[0]?.attributes).toEqual({ host: 'a' });
    expect(entries[1]).toMatchObject({ type: 'metric', name: 'rps', value: 12, ts: '2027-01-15T08:00:00.000Z', source: 'app' });
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/unknown entry type/),
      expect.stringMatching(/level must be/),
      expect.stringMatching(/ts must be/),
    ]);
  });
});
