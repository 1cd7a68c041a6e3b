import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Ingestor, startIngestor } from '@logflux/ingestor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedEntry, interopWorkload, PEER_SDKS, type PeerEntry, type PeerSdk, PeerSdkClient } from '../../../tools/peer-sdks/index.js';
import { ROOT, runCliProcess } from './helpers/cliProcess.js';

/**
 * Issue 12, "done when": clients that reproduce what the official JS, Go and Java SDKs 3.0.1 put on
 * the wire each send 50 logs over all 8 levels, 5 metrics, 5 events, 3 audits and 2 spans to the
 * real reference ingestor over HTTP; every entry is stored once, and `logflux query --json` (the
 * real CLI, as a child process) reads every one back intact. The tenant has a region-prefixed
 * API key (created through the ingestor's TenantRegistry), which all three SDKs require.
 */

const dir = mkdtempSync(join(tmpdir(), 'logflux-interop-'));
const PRIVATE_KEY = join(ROOT, 'test-vectors/keys/test-rsa-4096-private.pem');
let ingestor: Ingestor;
let tenant: Awaited<ReturnType<Ingestor['tenants']['create']>>;
const clients = new Map<PeerSdk, PeerSdkClient>();
const sent = new Map<string, { sdk: PeerSdk; entry: PeerEntry }>();

beforeAll(async () => {
  ingestor = await startIngestor({ dataDir: join(dir, 'data'), rateLimit: false, onError: () => {} });
  tenant = await ingestor.tenants.create({
    publicKeyPem: readFileSync(join(ROOT, 'test-vectors/keys/test-rsa-4096-public.pem'), 'utf8'),
    region: 'eu',
  });
  for (const sdk of PEER_SDKS) {
    const client = new PeerSdkClient({ sdk, apiKey: tenant.apiKey, endpoint: ingestor.url });
    await client.start();
    for (const entry of interopWorkload(sdk, Date.parse('2026-12-01T20:05:22.000Z'))) {
      client.add(entry);
      sent.set(`${sdk}/${entry.attributes?.seq}`, { sdk, entry });
    }
    const results = await client.flush();
    expect(results.map((r) => r.status)).toEqual([200]);
    expect(client.stats).toEqual({ sent: 65, send_error: 0 });
    clients.set(sdk, client);
  }
});
afterAll(async () => {
  await ingestor?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Line {
  id: number;
  entry: Record<string, unknown> & { attributes: { sdk: PeerSdk; seq: string } };
  compat?: string[];
}
const query = (extra: string[] = []) =>
  runCliProcess([
    'query',
    '--server',
    ingestor.url,
    '--token',
    tenant.readToken,
    '--private-key',
    PRIVATE_KEY,
    '--home',
    join(dir, 'home'),
    '--json',
    ...extra,
  ]);
const parse = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);

const EXPECTED_FLAGS: Record<PeerSdk, (type: string) => string[]> = {
  js: (t) => (t === 'metric' ? ['alias_metric_type'] : t === 'trace' ? ['alias_description'] : []),
  java: (t) => ['mgf1_sha1', ...(t === 'metric' ? ['alias_metric_type'] : t === 'trace' ? ['alias_description'] : [])],
  go: () => ['mislabelled_uncompressed', 'timestamp_precision'],
};

describe('official SDK 3.0.1 wire behaviour against the reference ingestor', () => {
  it('uses only the endpoints they use: handshake, multipart ingest, and (Go) health and info', () => {
    expect(clients.get('js')?.requests).toEqual(['POST /v1/handshake/init', 'POST /v1/handshake/complete', 'POST /v1/ingest']);
    expect(clients.get('java')?.requests).toEqual(['POST /v1/handshake/init', 'POST /v1/handshake/complete', 'POST /v1/ingest']);
    expect(clients.get('go')?.requests).toEqual([
      'GET /health',
      'GET /info',
      'POST /v1/handshake/init',
      'POST /v1/handshake/complete',
      'POST /v1/ingest',
    ]);
  });

  it('stores every entry exactly once', () => {
    const stored = ingestor.store.query(tenant.tenant.id, { limit: 1000 });
    return stored.then((page) => {
      expect(page.entries).toHaveLength(3 * 65);
      expect(new Set(page.entries.map((e) => e.id)).size).toBe(3 * 65);
      expect(new Set(page.entries.map((e) => e.key_id)).size).toBe(3);
    });
  });

  it('reads all 195 entries back intact with logflux query --json', async () => {
    const r = await query();
    expect(r.code).toBe(0);
    const lines = parse(r.stdout);
    expect(lines).toHaveLength(195);
    const seen = new Set<string>();
    for (const line of lines) {
      const key = `${line.entry.attributes.sdk}/${line.entry.attributes.seq}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      const origin = sent.get(key);
      expect(origin).toBeDefined();
      if (!origin) continue;
      expect(line.entry).toEqual(expectedEntry(origin.entry));
      expect(line.compat ?? []).toEqual(EXPECTED_FLAGS[origin.sdk](origin.entry.input.type));
    }
    expect(seen.size).toBe(195);
    const levels = lines.filter((l) => l.entry.type === 'log').map((l) => l.entry.level);
    expect(new Set(levels)).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(lines.filter((l) => l.entry.type === 'event').every((l) => l.entry.level === 7)).toBe(true);
    const javaKey = clients.get('java')?.keyId;
    expect(r.stderr.match(/wrapped with MGF1-SHA-1 \(Java SDK 3\.0\.1\)/g)).toHaveLength(1);
    expect(r.stderr).toContain(`key ${javaKey}: session key wrapped with MGF1-SHA-1 (Java SDK 3.0.1); its entries are read`);
    expect(r.stderr).not.toMatch(/skipped|cannot/);
  });

  it('with --strict, reads exactly what the protocol allows and reports the rest once per key or entry', async () => {
    const r = await query(['--strict']);
    expect(r.code).toBe(1);
    const lines = parse(r.stdout);
    expect(lines.map((l) => l.entry.attributes.sdk)).toEqual(Array(65).fill('js'));
    expect(lines.find((l) => l.entry.type === 'metric')?.entry).toHaveProperty('metric_type');
    const javaKey = clients.get('java')?.keyId as string;
    expect(r.stderr.split('\n').filter((l) => l.startsWith(`key ${javaKey}: cannot unwrap the session key (oaep)`))).toHaveLength(1);
    expect(r.stderr.match(/^entry \d+: cannot decrypt \(decompress\); skipped$/gm)).toHaveLength(65);
    expect(r.stderr).toMatch(/^logflux: 130 of 195 entries skipped \(oaep 65, decompress 65\)$/m);
  });
});
