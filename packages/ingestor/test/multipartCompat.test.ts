import { importPrivateKeyPem, openEnvelope, portableProviders, unwrapSessionKey } from '@logflux/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type PeerEntry, PeerSdkClient, peerBoundary, peerIngestHeaders, peerMultipartBody } from '../../../tools/peer-sdks/index.js';
import { ingestorWithTenant, testPrivateKey, testPublicKey } from './helpers/fixtures.js';

/**
 * The JS SDK 3.0.1 multipart framing (no CRLF before the second and later delimiters), byte for
 * byte, against the real ingestor over HTTP: every entry is stored once and decrypts (§8.4.1), and
 * any other malformed multipart body is a 400 that stores nothing.
 */

let env: Awaited<ReturnType<typeof ingestorWithTenant>>;
let apiKey: string;
let readToken: string;
let js: PeerSdkClient;
let sent = 0;
const logLines: string[] = [];

beforeAll(async () => {
  env = await ingestorWithTenant({ rateLimit: false });
  ({ apiKey, readToken } = await env.ingestor.tenants.create({ publicKeyPem: testPublicKey(), region: 'eu' }));
  js = new PeerSdkClient({ sdk: 'js', apiKey, endpoint: env.ingestor.url });
  await js.start();
  const write = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    if (String(chunk).includes('JS SDK 3.0.1 framing')) logLines.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stderr.write);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await env.stop();
});

const entry = (n: number): PeerEntry => ({
  source: 'js-framing',
  ts: '2026-12-01T20:05:22.103429474Z',
  attributes: { n: String(n) },
  input: { type: 'log', level: 7, message: `entry ${n}` },
});

async function post(body: Uint8Array, boundary: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${env.ingestor.url}/v1/ingest`, {
    method: 'POST',
    headers: peerIngestHeaders('js', apiKey, boundary),
    body: Buffer.from(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Every stored entry, decrypted the way the customer does: unwrap with the private key, open. */
async function readBack(): Promise<string[]> {
  const headers = { Authorization: `Bearer ${readToken}` };
  const keys = (await (await fetch(`${env.ingestor.url}/v1/keys`, { headers })).json()) as {
    data: { keys: { key_id: string; encrypted_secret: string }[] };
  };
  const privateKey = await importPrivateKeyPem(testPrivateKey());
  const sessionKey = await unwrapSessionKey(privateKey, keys.data.keys[0]?.encrypted_secret as string);
  const out: string[] = [];
  for (let after: number | null = 0; after !== null; ) {
    const page = (await (await fetch(`${env.ingestor.url}/v1/entries?limit=1000&after=${after}`, { headers })).json()) as {
      data: { entries: Record<string, unknown>[]; next_after: number | null };
    };
    for (const e of page.data.entries)
      out.push((await openEnvelope(e as never, { providers: portableProviders(), key: sessionKey })).entry.message as string);
    after = page.data.next_after;
  }
  return out;
}

describe('ingestor: the JS SDK 3.0.1 multipart framing', () => {
  for (const n of [1, 2, 64, 1000]) {
    it(`stores each of ${n} part${n === 1 ? '' : 's'} once, and logs the compatibility split`, async () => {
      const sealed = Array.from({ length: n }, (_, i) => js.seal(entry(sent + i)));
      const boundary = peerBoundary();
      const body = peerMultipartBody('js', sealed, boundary);
      const text = Buffer.from(body).toString('latin1');
      expect(text.split(`\r\n--${boundary}`)).toHaveLength(2); // only the closing delimiter has its CRLF
      expect(text.split(`--${boundary}\r\n`)).toHaveLength(n + 1);
      const before = logLines.length;
      const res = await post(body, boundary);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ success: true, total: n, succeeded: n, failed: 0, failures: [] });
      expect(logLines.length - before).toBe(n === 1 ? 0 : 1);
      if (n > 1) expect(logLines.at(-1)).toMatch(new RegExp(`\\(${n - 1} delimiters? not preceded by CRLF\\); read as ${n} parts`));
      const expected = Array.from({ length: sent + n }, (_, i) => `entry ${i}`);
      sent += n;
      expect(await readBack()).toEqual(expected);
    });
  }

  it('answers 400 for any other malformed body and stores nothing', async () => {
    const sealed = [js.seal(entry(9000)), js.seal(entry(9001))];
    const boundary = peerBoundary();
    const good = Buffer.from(peerMultipartBody('js', sealed, boundary));
    const closing = Buffer.from(`\r\n--${boundary}--\r\n`);
    const cases = [
      good.subarray(0, good.length - closing.length), // truncated: no closing delimiter
      Buffer.concat([good.subarray(0, 300), Buffer.from(`--${boundary}xyz`), good.subarray(300)]), // boundary inside a part
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Type: application/octet-stream\r\n`),
        sealed[0]?.body ?? Buffer.alloc(0),
        closing,
      ]),
    ];
    for (const body of cases) {
      const res = await post(new Uint8Array(body), boundary);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { error: 'multipart_framing' } });
    }
    expect(await readBack()).toHaveLength(sent);
  });
});
