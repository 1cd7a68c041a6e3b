import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Ingestor, startIngestor } from '@logflux/ingestor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEER_SDKS, type PeerEntry, PeerSdkClient, type PeerSealed } from '../../../tools/peer-sdks/index.js';
import { Decryptor, type PageEntry } from '../src/decryptor.js';
import { bulkReadProviders } from '../src/fastProviders.js';
import { cliProviders } from '../src/providers.js';
import { ReadClient, type StoredEntry } from '../src/readClient.js';
import { loadReaderKey } from '../src/readerKey.js';
import { ROOT } from './helpers/cliProcess.js';

/**
 * Decryptor.openPage (the bulk path of export, sql and mcp: synchronous decoders, no promise per
 * entry) reads what Decryptor.open reads, entry for entry, failures included: entries of every
 * peer SDK and unreadable ones, stored by the real ingestor and fetched through its read API.
 */

const PRIVATE_KEY = join(ROOT, 'test-vectors/keys/test-rsa-4096-private.pem');
const PUBLIC_PEM = readFileSync(join(ROOT, 'test-vectors/keys/test-rsa-4096-public.pem'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'logflux-decryptor-'));

let ingestor: Ingestor;
let reader: ReadClient;
let stored: StoredEntry[];

const entries = (n: number): PeerEntry[] => [
  { source: 'decryptor-test', ts: '2026-12-01T20:05:22.103429474Z', input: { type: 'log', level: 3, message: `log ${n}` } },
  { source: 'decryptor-test', ts: '2026-12-01T20:05:22.100000000Z', input: { type: 'metric', name: 'q', value: n, kind: 'gauge' } },
];

beforeAll(async () => {
  ingestor = await startIngestor({ dataDir: join(scratch, 'data'), rateLimit: false, onError: () => {} });
  const tenant = await ingestor.tenants.create({ publicKeyPem: PUBLIC_PEM, region: 'eu' });
  for (const [i, sdk] of PEER_SDKS.entries()) {
    const client = new PeerSdkClient({ sdk, apiKey: tenant.apiKey, endpoint: ingestor.url });
    await client.start();
    const bogus = await ingestor.store.addSessionKey(tenant.tenant.id, randomBytes(512).toString('base64'));
    const batch: PeerSealed[] = [
      ...entries(i).map((e) => client.seal(e)),
      client.sealBytes(Buffer.from('not json')),
      client.sealBytes(Buffer.from(`{"a":${'['.repeat(300)}${']'.repeat(300)}}`)),
      client.sealBytes(Buffer.from('{"message":"under a key nobody can unwrap"}'), 1, bogus),
    ];
    for (const sealed of batch) expect((await client.send([sealed])).status).toBe(200);
  }
  reader = new ReadClient(ingestor.url, tenant.readToken);
  stored = (await reader.page(0, {})).entries;
});
afterAll(async () => {
  await ingestor.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** What open() gives for each entry, in openPage's shape. */
async function oneByOne(decryptor: Decryptor, page: StoredEntry[]): Promise<PageEntry[]> {
  const out: PageEntry[] = [];
  for (const entry of page) {
    try {
      const opened = await decryptor.open(entry);
      out.push({ ok: true, entry: opened.entry, plaintext: opened.plaintext });
    } catch (error) {
      out.push({ ok: false, error: error as never });
    }
  }
  return out;
}

const shape = (results: PageEntry[]) =>
  results.map((r) =>
    r.ok
      ? { entry: r.entry, plaintext: Buffer.from(r.plaintext).toString('hex') }
      : { errorClass: r.error.errorClass, scope: r.error.scope, keyId: r.error.keyId },
  );

describe('Decryptor.openPage', () => {
  for (const strict of [false, true]) {
    it(`reads every stored entry as open() does, failures included (${strict ? 'strict' : 'official-SDK rules'})`, async () => {
      const key = await loadReaderKey(PRIVATE_KEY, undefined);
      const bulk = await bulkReadProviders();
      const fast = new Decryptor(reader, key, bulk, { strict, decoders: bulk });
      const general = new Decryptor(reader, key, await cliProviders(), { strict });
      const page = shape(await fast.openPage(stored));
      expect(page).toEqual(shape(await oneByOne(general, stored)));
      expect(page.length).toBe(stored.length);
      const classes = page.map((r) => ('errorClass' in r ? r.errorClass : 'ok'));
      // Strictly, the Java SDK's MGF1-SHA-1 wraps and the Go SDK's mislabelled payloads fail too.
      expect(classes.filter((c) => c === 'ok').length).toBe(strict ? 2 : PEER_SDKS.length * 2);
      for (const c of ['ok', 'plaintext_json', 'plaintext_too_deep', 'oaep']) expect(classes).toContain(c);
      expect(fast.keys().map((k) => k.ok)).toEqual(general.keys().map((k) => k.ok));
    });
  }
});
