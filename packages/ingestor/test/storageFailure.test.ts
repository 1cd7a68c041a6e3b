import { randomBytes } from 'node:crypto';
import { type Envelope, openEnvelope } from '@logflux/core';
import { type Ingestor, startIngestor } from '@logflux/ingestor';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, testPublicKey } from './helpers/fixtures.js';
import { SimulatedDisk } from './helpers/simulatedDisk.js';
import { readAll, WireClient } from './helpers/wireClient.js';

let dir: ReturnType<typeof tempDir>;
let ingestor: Ingestor | undefined;
afterEach(async () => {
  await ingestor?.close();
  ingestor = undefined;
  dir.remove();
});

const health = async (url: string) => {
  const res = await fetch(`${url}/health`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('ingestor: a full or failing disk (storage seam)', () => {
  it('answers 507 with Retry-After while it cannot write, reports degraded health, and recovers without a restart', async () => {
    dir = tempDir();
    const disk = new SimulatedDisk();
    ingestor = await startIngestor({ dataDir: dir.path, rateLimit: false, storageIo: disk });
    const tenant = await ingestor.tenants.create({ publicKeyPem: testPublicKey() });
    const client = new WireClient(ingestor.url, tenant.apiKey);
    await client.handshake();
    const acked: Envelope[] = [];
    const seal = () => Promise.all(Array.from({ length: 20 }, (_, i) => client.seal({ i, pad: randomBytes(32).toString('hex') })));

    const first = await seal();
    expect((await client.batch(first, 'batch-one-0123456789')).status).toBe(200);
    acked.push(...first);

    disk.free = 1500; // part of the next batch fits: a short write, then ENOSPC
    const second = await seal();
    const refused = await client.batch(second, 'batch-two-0123456789');
    expect(refused.status).toBe(507);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(((await refused.json()) as { error: unknown }).error).toMatchObject({
      code: 'storage_unavailable',
      retry_after: 10,
      details: { reason: 'ENOSPC' },
    });
    expect(disk.counts.shortWrites).toBeGreaterThan(0);
    expect(await health(ingestor.url)).toMatchObject({
      status: 503,
      body: { status: 'degraded', reason: 'storage_unavailable', error: 'ENOSPC' },
    });
    // Session keys go through the same log: a handshake is refused the same way.
    expect(
      (
        await fetch(`${ingestor.url}/v1/handshake/complete`, {
          method: 'POST',
          headers: client.headers(),
          body: JSON.stringify({ api_key: tenant.apiKey, encrypted_secret: client.encryptedSecret }),
        })
      ).status,
    ).toBe(507);
    // Reading still works while writing does not.
    expect(await readAll(ingestor.url, tenant.readToken)).toHaveLength(20);

    disk.free = Number.POSITIVE_INFINITY; // space returns
    expect(await health(ingestor.url)).toEqual({ status: 200, body: { status: 'ok' } });
    const retried = await client.batch(second, 'batch-two-0123456789'); // the client's retry, same key
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    acked.push(...second);
    expect((await client.batch(second, 'batch-two-0123456789')).headers.get('idempotent-replayed')).toBe('true');

    // Across a restart: every acknowledged entry, once, intact; nothing of the refused attempt.
    await ingestor.close();
    ingestor = await startIngestor({ dataDir: dir.path, rateLimit: false });
    const stored = await readAll(ingestor.url, tenant.readToken);
    expect(stored.map((e) => e.nonce)).toEqual(acked.map((e) => e.nonce));
    for (const e of stored) await openEnvelope(e, { providers: client.providers, key: client.key });
  });

  it('refuses with 507 when fsync fails (EIO) and stores the batch on the retry', async () => {
    dir = tempDir();
    const disk = new SimulatedDisk();
    ingestor = await startIngestor({ dataDir: dir.path, rateLimit: false, storageIo: disk });
    const tenant = await ingestor.tenants.create({ publicKeyPem: testPublicKey() });
    const client = new WireClient(ingestor.url, tenant.apiKey);
    await client.handshake();
    const batch = [await client.seal({ a: 1 }), await client.seal({ b: 2 })];
    disk.syncFailures = 1;
    const res = await client.batch(batch, 'fsync-fails-0123456789');
    expect(res.status).toBe(507);
    expect(((await res.json()) as { error: { details: unknown } }).error.details).toEqual({ reason: 'EIO' });
    expect((await client.batch(batch, 'fsync-fails-0123456789')).status).toBe(200);
    expect(await readAll(ingestor.url, tenant.readToken)).toHaveLength(2);
  });
});
