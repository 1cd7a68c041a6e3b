import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Envelope, openEnvelope } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { tempDir, VECTORS } from './helpers/fixtures.js';
import { kill, spawnServer } from './helpers/serverProcess.js';
import { readAll, WireClient } from './helpers/wireClient.js';

const PUBLIC_KEY = fileURLToPath(new URL('keys/test-rsa-4096-public.pem', VECTORS));

describe('ingestor: crash safety (real process, SIGKILL during ingest)', () => {
  it('keeps every acknowledged entry intact across kills and restarts', async () => {
    const dir = tempDir('crash-');
    let server = await spawnServer(dir.path, PUBLIC_KEY);
    const { apiKey, readToken } = server as { apiKey: string; readToken: string };
    const client = new WireClient(server.url, apiKey);
    await client.handshake();
    const acked: Envelope[] = [];
    let attempted = 0;

    for (let round = 0; round < 3; round++) {
      let stop = false;
      // Four concurrent senders keep requests in flight while the process is killed.
      const senders = Array.from({ length: 4 }, async (_, worker) => {
        while (!stop) {
          const batch = await Promise.all(
            Array.from({ length: 20 }, (_, i) => client.seal({ round, worker, i, pad: randomBytes(64).toString('hex') })),
          );
          attempted += batch.length;
          try {
            const res = await client.batch(batch, randomBytes(16).toString('hex'));
            if (res.status === 200) acked.push(...batch);
          } catch {
            return; // the server died mid-request: this batch is unacknowledged
          }
        }
      });
      await new Promise((r) => setTimeout(r, 400 + round * 150));
      await kill(server.child);
      stop = true;
      await Promise.all(senders);
      server = await spawnServer(dir.path);
      (client as { baseUrl: string }).baseUrl = server.url;
    }

    const stored = await readAll(server.url, readToken);
    await kill(server.child, 'SIGTERM');
    const byNonce = new Map(stored.map((e) => [e.nonce, e]));
    const missing = acked.filter((e) => {
      const s = byNonce.get(e.nonce);
      return !s || s.payload !== e.payload || s.key_id !== e.key_id || s.payload_type !== e.payload_type || s.timestamp !== e.timestamp;
    });
    expect(acked.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
    expect(new Set(stored.map((e) => e.nonce)).size).toBe(stored.length);
    expect(stored.length).toBeLessThanOrEqual(attempted);
    // Every stored entry, acknowledged or not, is whole: it decrypts.
    for (const e of stored) await openEnvelope(e, { providers: client.providers, key: client.key });
    dir.remove();
  }, 60_000);
});
