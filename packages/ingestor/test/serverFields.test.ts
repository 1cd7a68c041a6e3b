import { randomBytes } from 'node:crypto';
import { type Envelope, envelopeToJson, openEnvelope } from '@logflux/core';
import { IngestStore, MAX_ENVELOPE_DEPTH } from '@logflux/ingestor';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestorWithTenant, tempDir } from './helpers/fixtures.js';
import { readAll, WireClient } from './helpers/wireClient.js';

let env: Awaited<ReturnType<typeof ingestorWithTenant>>;
let client: WireClient;

beforeEach(async () => {
  env = await ingestorWithTenant({ rateLimit: false });
  client = new WireClient(env.ingestor.url, env.tenant.apiKey);
  await client.handshake();
});
afterEach(() => env.stop());

const ENVELOPE_KEYS = ['entry_type', 'id', 'key_id', 'nonce', 'payload', 'payload_type', 'received_at', 'timestamp'];
const nest = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
/** An envelope's JSON text with one more member whose value is `json`. */
const withMember = (e: Envelope, name: string, json: string) => `${envelopeToJson(e).slice(0, -1)},"${name}":${json}}`;
const post = (path: string, body: string) => fetch(`${env.ingestor.url}${path}`, { method: 'POST', headers: client.headers(), body });

describe('ingestor: server fields always win', () => {
  it('drops client-sent id, received_at and unknown members; the read API shows only protocol fields and its own', async () => {
    const honest = await client.seal({ n: 1 });
    const forger = { ...(await client.seal({ n: 2 })), id: 9007199254740991, received_at: '1970-01-01T00:00:00.000Z', admin: true };
    const res = await client.batch([honest, forger as Envelope]);
    expect(res.status).toBe(200);
    expect((await client.single({ ...(await client.seal({ n: 3 })), id: -5 } as Envelope)).status).toBe(202);
    const stored = await readAll(env.ingestor.url, env.tenant.readToken);
    expect(stored.map((e) => e.id)).toEqual([1, 2, 3]);
    for (const e of stored) {
      expect(Object.keys(e).sort()).toEqual(ENVELOPE_KEYS);
      expect(Date.parse(e.received_at)).toBeGreaterThan(Date.now() - 60_000);
    }
    // The paging cursor follows the server's ids: nothing is skipped after the forged entry.
    expect((await readAll(env.ingestor.url, env.tenant.readToken, '&limit=1')).map((e) => e.id)).toEqual([1, 2, 3]);
    const page = (await (
      await fetch(`${env.ingestor.url}/v1/entries?after=2`, { headers: { Authorization: `Bearer ${env.tenant.readToken}` } })
    ).json()) as { data: { entries: { id: number }[] } };
    expect(page.data.entries.map((e) => e.id)).toEqual([3]);
    for (const e of stored) await openEnvelope(e, { providers: client.providers, key: client.key });
  });

  it('serves only protocol fields even for records a library caller stored with extra members', async () => {
    const dir = tempDir();
    const store = await IngestStore.open(dir.path, { sync: false });
    const e = { ...(await client.seal({})), id: 77, received_at: 'forged', note: { deep: true } } as Envelope;
    await store.appendEntries('t', [e], undefined, () => ({ status: 200, body: {} }));
    await store.close();
    const again = await IngestStore.open(dir.path, { sync: false });
    const [entry] = (await again.query('t', { limit: 10 })).entries;
    expect(entry?.id).toBe(1);
    expect(entry?.received_at).not.toBe('forged');
    expect(Object.keys(entry ?? {}).sort()).toEqual(ENVELOPE_KEYS);
    await again.close();
    dir.remove();
  });
});

describe('ingestor: nesting depth limit at the door', () => {
  it(`accepts an envelope nesting ${MAX_ENVELOPE_DEPTH} levels and refuses deeper ones with 400 envelope_json, never 500`, async () => {
    const ok = await post('/v1/ingest', withMember(await client.seal({ a: 1 }), 'x', nest(MAX_ENVELOPE_DEPTH - 1)));
    expect(ok.status).toBe(202);
    for (const depth of [MAX_ENVELOPE_DEPTH, 10_000, 200_000]) {
      const res = await post('/v1/ingest', withMember(await client.seal({ a: 1 }), 'x', nest(depth)));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string; details: unknown } }).error).toMatchObject({
        code: 'invalid_request',
        details: { error: 'envelope_json' },
      });
    }
    const stored = await readAll(env.ingestor.url, env.tenant.readToken);
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toHaveProperty('x');
  });

  it('fails a too-deep entry of a batch alone, and refuses a batch body nested too deep', async () => {
    const [a, b, c] = [await client.seal({ a: 1 }), await client.seal({ b: 2 }), await client.seal({ c: 3 })];
    const res = await post('/v1/batch', `{"entries":[${envelopeToJson(a)},${withMember(b, 'x', nest(10_000))},${envelopeToJson(c)}]}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { failures: unknown[] } }).data.failures).toMatchObject([{ index: 1, error: 'envelope_json' }]);
    const junk = await post('/v1/batch', `{"entries":[${envelopeToJson(a)}],"junk":${nest(100_000)}}`);
    expect(junk.status).toBe(400);
    expect((await readAll(env.ingestor.url, env.tenant.readToken)).map((e) => e.nonce)).toEqual([a.nonce, c.nonce]);
  });
});

describe('ingestor: encrypted_secret must fit the tenant key', () => {
  const complete = (secret: unknown) =>
    post('/v1/handshake/complete', JSON.stringify({ api_key: env.tenant.apiKey, encrypted_secret: secret }));

  it('stores a real 512-byte wrap and refuses other sizes, non-canonical base64 and values not below the modulus', async () => {
    expect((await complete(client.encryptedSecret)).status).toBe(200); // a second handshake's wrap
    const bad = [
      randomBytes(256).toString('base64'), // a 2048-bit size
      randomBytes(511).toString('base64'),
      randomBytes(513).toString('base64'),
      Buffer.alloc(512, 0xff).toString('base64'), // >= any 4096-bit modulus
      `${client.encryptedSecret.slice(0, -2)}-_`, // URL-safe characters
      ` ${client.encryptedSecret.slice(1)}`,
      42,
      undefined,
    ];
    for (const secret of bad) {
      const res = await complete(secret);
      expect(res.status, String(secret).slice(0, 20)).toBe(400);
      const text = await res.text();
      expect(text).toMatch(/4096-bit key/);
      if (typeof secret === 'string') expect(text).not.toContain(secret.slice(0, 40));
    }
    const keys = (await (
      await fetch(`${env.ingestor.url}/v1/keys`, { headers: { Authorization: `Bearer ${env.tenant.readToken}` } })
    ).json()) as {
      data: { keys: unknown[] };
    };
    expect(keys.data.keys).toHaveLength(2);
  });
});
