import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestorWithTenant } from './helpers/fixtures.js';
import { readAll, WireClient } from './helpers/wireClient.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('ingestor: the data directory holds no plaintext', () => {
  let env: Awaited<ReturnType<typeof ingestorWithTenant>>;
  afterAll(() => env.stop());

  it('contains no field value of any sent entry, and no session key', async () => {
    env = await ingestorWithTenant({ rateLimit: false });
    const client = new WireClient(env.ingestor.url, env.tenant.apiKey);
    await client.handshake();
    const markers: string[] = [];
    const mark = (what: string) => {
      const m = `${what}-${crypto.randomUUID()}`;
      markers.push(m);
      return m;
    };
    const entries = [];
    for (let i = 0; i < 50; i++) {
      entries.push(
        await client.seal(
          {
            v: '2.0',
            type: 'log',
            source: mark('source'),
            level: 7,
            ts: new Date().toISOString(),
            message: mark('message'),
            attributes: { user: mark('attr') },
            meta: { environment: mark('env'), release: mark('release') },
          },
          i % 2 === 0 ? 1 : 2,
        ),
      );
      entries.push(
        await client.seal(
          {
            v: '2.0',
            type: 'audit',
            action: mark('action'),
            actor: mark('actor'),
            resource: 'db',
            resource_id: mark('rid'),
            outcome: 'success',
          },
          1,
          5,
        ),
      );
    }
    const res = await client.batch(entries);
    expect(res.status).toBe(200);
    expect(await readAll(env.ingestor.url, env.tenant.readToken)).toHaveLength(entries.length);
    await env.ingestor.close();

    const files = filesUnder(env.dir);
    const blob = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(files.length).toBeGreaterThan(0);
    // The ciphertext is there...
    expect(blob.includes(Buffer.from(entries[0]?.payload ?? 'missing'))).toBe(true);
    // ...and none of the plaintext, nor the session key in any common encoding.
    const leaks = markers.filter((m) => blob.includes(Buffer.from(m)) || blob.includes(Buffer.from(m, 'utf16le')));
    expect(leaks).toEqual([]);
    const key = Buffer.from(client.key);
    for (const form of [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('base64'))])
      expect(blob.includes(form)).toBe(false);
  });
});
