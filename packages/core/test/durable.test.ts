import {
  type ClientOptions,
  createDurableIntake,
  type EntryJournal,
  type JournalRecord,
  LogFluxClient,
  portableProviders,
  recoverJournal,
} from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { envelopesOf, FakeClock, FakeIngestor, MemoryStore } from './helpers/fakePlatform.js';
import { readKey } from './helpers/vectors.js';

const API_KEY = 'lf_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

/** A journal that keeps its records in memory, in the order they were written. */
class MemoryJournal implements EntryJournal {
  readonly records: JournalRecord[] = [];
  failing = false;
  entries(list: Parameters<EntryJournal['entries']>[0]) {
    if (this.failing) throw new Error('ENOSPC: no space left on device');
    for (const entry of list) this.records.push({ kind: 'entry', entry });
  }
  batch(idempotencyKey: string, seqs: readonly number[]) {
    this.records.push({ kind: 'batch', idempotencyKey, seqs: [...seqs] });
  }
  settled(seqs: readonly number[]) {
    this.records.push({ kind: 'settled', seqs: [...seqs] });
  }
  journaled = () => this.records.filter((r) => r.kind === 'entry').length;
}

function setup(server = new FakeIngestor(), options: Partial<ClientOptions> = {}) {
  const journal = new MemoryJournal();
  const clock = new FakeClock();
  const errors: string[] = [];
  const client = new LogFluxClient(
    {
      apiKey: API_KEY,
      endpoint: 'http://127.0.0.1:9',
      publicKey: readKey('test-rsa-4096-public.pem'),
      onError: (e) => errors.push(e.message),
      ...options,
    },
    {
      providers: portableProviders(),
      request: server.request,
      clock,
      random: () => 0.5,
      diagnostic: () => {},
      spool: { store: new MemoryStore(), maxBytes: 1 << 20 },
      durable: createDurableIntake(journal),
    },
  );
  return { client, journal, server, clock, errors };
}

describe('crash-durable intake (durable.ts)', () => {
  it('journals each entry, sealed, before the log call returns once the session exists; earlier ones when it does', async () => {
    const { client, journal } = setup();
    client.info('before the handshake');
    expect(journal.journaled()).toBe(0); // no session key yet: it waits in memory
    await client.ready();
    expect(journal.journaled()).toBe(1);
    client.info('after');
    expect(journal.journaled()).toBe(2);
    const pieces = journal.records.flatMap((r) => (r.kind === 'entry' ? [r.entry.piece] : []));
    for (const p of pieces) expect(String(p)).not.toContain('after'); // sealed, never plaintext
    await client.close();
  });

  it('sends the pieces it journaled, notes the request key, and settles the entries when acknowledged', async () => {
    const { client, journal, server } = setup();
    await client.ready();
    for (let i = 0; i < 3; i++) client.info(`m${i}`);
    expect(await client.flush()).toMatchObject({ acknowledged: 3 });
    const [batch] = server.batches;
    const sentNonces = envelopesOf(batch as never).map((e) => e.nonce);
    const journaledNonces = journal.records.flatMap((r) => (r.kind === 'entry' ? [JSON.parse(r.entry.piece as string).nonce] : []));
    expect(sentNonces).toEqual(journaledNonces);
    const noted = journal.records.find((r) => r.kind === 'batch');
    expect(noted).toEqual({ kind: 'batch', idempotencyKey: batch?.headers['Idempotency-Key'], seqs: [1, 2, 3] });
    expect(
      recoverJournal(journal.records, { name: 'j', createdAt: 1, maxRequestBytes: 1 << 20, random: portableProviders().random }),
    ).toEqual([]);
    await client.close();
  });

  it('what a crash leaves is recovered under the key of the request it was in (stored once if it was stored)', async () => {
    const server = new FakeIngestor();
    server.batchHandlers.push(() => ({ status: 503 })); // the first request gets no acknowledgement
    const { client, journal } = setup(server, { maxRetries: 5 });
    await client.ready();
    client.info('in flight');
    client.flush();
    for (let i = 0; i < 20 && server.batches.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const key = server.batches[0]?.headers['Idempotency-Key'];
    // The process is killed now: the journal holds the entry and its request, nothing settled.
    const [record, ...rest] = recoverJournal(journal.records, {
      name: 'j',
      createdAt: 1,
      maxRequestBytes: 1 << 20,
      random: portableProviders().random,
    });
    expect(rest).toEqual([]);
    expect(record?.idempotencyKey).toBe(key);
    expect(record?.body).toBe(server.batches[0]?.body);
    expect(record?.entries).toBe(1);
  });

  it('a journal that cannot be written is reported once; the entries are still delivered from memory', async () => {
    const { client, journal, errors } = setup();
    await client.ready();
    journal.failing = true;
    client.info('a');
    client.info('b');
    expect(await client.flush()).toMatchObject({ acknowledged: 2 });
    expect(errors.filter((m) => m.includes('journal'))).toHaveLength(1);
    await client.close();
  });
});
