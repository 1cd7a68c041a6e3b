import { fingerprintSpki, pemToDer } from '@logflux/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestorWithTenant, testPublicKey } from './helpers/fixtures.js';
import { readAll, WireClient } from './helpers/wireClient.js';

let env: Awaited<ReturnType<typeof ingestorWithTenant>>;
let client: WireClient;

beforeEach(async () => {
  env = await ingestorWithTenant({ rateLimit: false });
  client = new WireClient(env.ingestor.url, env.tenant.apiKey, await fingerprintSpki(pemToDer(testPublicKey(), 'PUBLIC KEY')));
  await client.handshake();
});
afterEach(() => env.stop());

describe('ingestor: handshake', () => {
  it('returns the tenant key in the wrapped form and stores the secret verbatim', async () => {
    const keys = await fetch(`${env.ingestor.url}/v1/keys`, { headers: { Authorization: `Bearer ${env.tenant.readToken}` } });
    const body = (await keys.json()) as { data: { keys: { key_id: string; encrypted_secret: string }[] } };
    expect(body.data.keys.map((k) => k.key_id)).toEqual([client.keyId]);
    expect(body.data.keys[0]?.encrypted_secret).toBe(client.encryptedSecret);
  });

  it('rejects unknown API keys with 401 and the error envelope', async () => {
    const res = await fetch(`${env.ingestor.url}/v1/handshake/init`, {
      method: 'POST',
      headers: { Authorization: 'Bearer lf_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { status: string; error: { code: string }; request_id: string };
    expect(body.status).toBe('error');
    expect(body.error.code).toBe('invalid_api_key');
    expect(body.request_id).toMatch(/^req_/);
  });
});

describe('ingestor: ingest', () => {
  it('stores a single envelope (202) and a batch (200), readable in order', async () => {
    expect((await client.single(await client.seal({ n: 0 }))).status).toBe(202);
    const res = await client.batch([await client.seal({ n: 1 }), await client.seal({ n: 2 }, 2, 4)]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown }).data).toEqual({ success: true, total: 2, succeeded: 2, failed: 0, failures: [] });
    const stored = await readAll(env.ingestor.url, env.tenant.readToken);
    expect(stored.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(stored[2]).toMatchObject({ payload_type: 2, entry_type: 4, key_id: client.keyId });
  });

  it('fails a bad entry alone, with its error class', async () => {
    const good = await client.seal({ ok: true });
    const res = await client.batch([good, { ...good, nonce: 'AAAA' }, { ...good, payload_type: 3 as 1 }, good]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; data: { succeeded: number; failures: { index: number; error: string }[] } };
    expect(body.status).toBe('partial');
    expect(body.data.succeeded).toBe(2);
    expect(body.data.failures.map((f) => [f.index, f.error])).toEqual([
      [1, 'nonce_length'],
      [2, 'unknown_payload_type'],
    ]);
    expect(await readAll(env.ingestor.url, env.tenant.readToken)).toHaveLength(2);
  });

  it('answers 400 with data when every entry fails, and for a bad single entry', async () => {
    const good = await client.seal({});
    const res = await client.batch([{ ...good, payload: 'not base64!' }]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string }; data: { failures: { error: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.data.failures[0]?.error).toBe('base64');
    const single = await client.single({ ...good, key_id: '' });
    expect(single.status).toBe(400);
    expect(((await single.json()) as { error: { details: unknown } }).error.details).toEqual({ error: 'field_type' });
  });

  it('refuses a whole request that names an unknown key id with 410', async () => {
    const good = await client.seal({});
    const res = await client.batch([good, { ...good, key_id: 'no-such-key' }]);
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unknown_key');
    expect(await readAll(env.ingestor.url, env.tenant.readToken)).toHaveLength(0);
  });

  it('answers 413 for too many entries and for an oversized body', async () => {
    const e = await client.seal({});
    expect((await client.batch(Array.from({ length: 1001 }, () => e))).status).toBe(413);
    const big = await fetch(`${env.ingestor.url}/v1/batch`, { method: 'POST', headers: client.headers(), body: 'x'.repeat(1_048_577) });
    expect(big.status).toBe(413);
  });

  it('stores an idempotent batch once and replays the first answer', async () => {
    const batch = [await client.seal({ a: 1 }), await client.seal({ a: 2 })];
    const key = 'retry-key-0123456789';
    const first = await client.batch(batch, key);
    const again = await client.batch(batch, key);
    const concurrent = await Promise.all([client.batch(batch, `${key}x`), client.batch(batch, `${key}x`)]);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(concurrent.map((r) => r.status)).toEqual([200, 200]);
    expect(await readAll(env.ingestor.url, env.tenant.readToken)).toHaveLength(4);
    expect((await client.batch(batch, 'short')).status).toBe(400);
  });

  it('accepts multipart/mixed with correct RFC 2046 framing and rejects the official JS framing', async () => {
    const envelopes = [await client.seal({ m: 1 }), await client.seal({ m: 2 }, 2, 3), await client.seal({ m: 3 })];
    const boundary = 'lf-boundary-3f9a8c7d6e5b4a39281706f5e4d3c2b1';
    const part = (e: (typeof envelopes)[number]) =>
      Buffer.concat([
        Buffer.from(
          `Content-Type: application/octet-stream\r\nX-LF-Entry-Type: ${e.entry_type}\r\nX-LF-Payload-Type: ${e.payload_type}\r\n` +
            `X-LF-Timestamp: ${e.timestamp}\r\nX-LF-Key-ID: ${e.key_id}\r\nX-LF-Nonce: ${e.nonce}\r\n\r\n`,
        ),
        Buffer.from(e.payload, 'base64'),
      ]);
    const correct = Buffer.concat([
      Buffer.from(`--${boundary}\r\n`),
      ...envelopes.flatMap((e, i) => [
        part(e),
        Buffer.from(i < envelopes.length - 1 ? `\r\n--${boundary}\r\n` : `\r\n--${boundary}--\r\n`),
      ]),
    ]);
    const post = (body: Buffer) =>
      fetch(`${env.ingestor.url}/v1/ingest`, {
        method: 'POST',
        headers: client.headers({ 'Content-Type': `multipart/mixed; boundary=${boundary}` }),
        body: new Uint8Array(body),
      });
    const res = await post(correct);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { succeeded: number } }).data.succeeded).toBe(3);
    const stored = await readAll(env.ingestor.url, env.tenant.readToken);
    expect(
      stored.map(({ payload, nonce, payload_type, entry_type, timestamp, key_id }) => ({
        timestamp,
        entry_type,
        payload_type,
        payload,
        nonce,
        key_id,
      })),
    ).toEqual(envelopes);
    // The official JS SDK omits the CRLF before later delimiters: a conforming parser sees one part
    // whose body runs into the next part's headers, so nothing can be stored as three entries.
    const broken = Buffer.concat([
      Buffer.from(`--${boundary}\r\n`),
      ...envelopes.flatMap((e) => [part(e), Buffer.from(`--${boundary}\r\n`)]),
    ]);
    expect((await post(broken)).status).toBe(400);
  });
});
