import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Envelope, envelopeToJson } from '@logflux/core';
import { expect } from 'vitest';
import { tempDir, VECTORS } from '../../helpers/fixtures.js';
import { kill, spawnServer } from '../../helpers/serverProcess.js';
import { readAll, WireClient } from '../../helpers/wireClient.js';
import { type FaultCase, tally } from '../report.js';

const PUBLIC_KEY = fileURLToPath(new URL('keys/test-rsa-4096-public.pem', VECTORS));
const nest = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/**
 * Issue 14, failures 4 and 5 (ingestor side): an extra envelope member nested 10,000 and 200,000
 * levels deep (which made the ingestor answer 500, retried forever by SDKs), alone and inside a
 * batch of good entries, and wrapped session keys of the wrong size for the tenant's 4096-bit key.
 * Each must be a 400 (or that entry's failure alone), never a 500; the good entries are stored.
 */
export const doorLimits: FaultCase = {
  name: 'deep nesting and wrong-size encrypted_secret at the door',
  async run(report) {
    const dir = tempDir('faults-door-');
    const server = await spawnServer(dir.path, PUBLIC_KEY);
    try {
      const client = new WireClient(server.url, server.apiKey as string);
      await client.handshake();
      const post = async (path: string, body: string) => {
        const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: client.headers(), body });
        return { status: res.status, body: (await res.json()) as { data?: { failures?: { index: number; error: string }[] } } };
      };
      const deep = (e: Envelope, depth: number) => `${envelopeToJson(e).slice(0, -1)},"x":${nest(depth)}}`;
      const statuses: number[] = [];
      const sent: Envelope[] = [];
      const acked: Envelope[] = [];
      for (const depth of [10_000, 200_000]) {
        const alone = await client.seal({ alone: depth });
        sent.push(alone);
        statuses.push((await post('/v1/ingest', deep(alone, depth))).status);
        const [a, b, c] = [await client.seal({ a: depth }), await client.seal({ b: depth }), await client.seal({ c: depth })];
        sent.push(a, b, c);
        const batch = await post('/v1/batch', `{"entries":[${envelopeToJson(a)},${deep(b, depth)},${envelopeToJson(c)}]}`);
        statuses.push(batch.status);
        expect(batch.body.data?.failures).toEqual([expect.objectContaining({ index: 1, error: 'envelope_json' })]);
        if (batch.status === 200) acked.push(a, c);
      }
      for (const secret of [randomBytes(256), randomBytes(513), Buffer.alloc(512, 0xff)]) {
        const res = await post(
          '/v1/handshake/complete',
          JSON.stringify({ api_key: server.apiKey, encrypted_secret: secret.toString('base64') }),
        );
        statuses.push(res.status);
      }
      const stored = await readAll(server.url, server.readToken as string);
      report(tally(this.name, sent, acked, stored, `answers ${statuses.join(', ')} (2 deep singles, 2 batches, 3 bad secrets)`));
      expect(statuses).toEqual([400, 200, 400, 200, 400, 400, 400]);
      expect(stored.map((e) => e.nonce).sort()).toEqual(acked.map((e) => e.nonce).sort());
    } finally {
      await kill(server.child);
      dir.remove();
    }
  },
};
