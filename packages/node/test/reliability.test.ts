import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fault } from '@logflux/ingestor';
import { createLogFlux, type LogFluxNode } from '@logflux/node';
import { afterAll, describe, expect, it } from 'vitest';
import { kill, spawnServer } from '../../ingestor/test/helpers/serverProcess.js';
import { publicKeyPem, readBack, testEnv } from './helpers/env.js';

/**
 * Reliability against the real ingestor: each scenario sends entries with unique ids through a
 * fault and counts what was sent, acknowledged, stored, duplicated and lost.
 */
const results: Record<string, number | string>[] = [];
afterAll(() => {
  console.log('\nreliability scenarios (entries)');
  console.table(results);
});

const FAST = { backoffInitialMs: 50, backoffMaxMs: 400, requestTimeoutMs: 1500, flushIntervalMs: 50, maxBatchEntries: 50 };

async function measure(
  name: string,
  client: LogFluxNode,
  url: () => string,
  readToken: string,
  count: number,
  send: (i: number) => void | Promise<void>,
  settleMs = 0,
) {
  for (let i = 0; i < count; i++) await send(i);
  const flushed = await client.flush({ timeoutMs: 30_000 });
  // Requests the client gave up on may still be processed late; wait so a duplicate would show.
  if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
  const stats = client.stats();
  const { entries } = await readBack(url(), readToken);
  const ids = entries.map((e) => (e.attributes as { id?: string } | undefined)?.id).filter((x): x is string => x !== undefined);
  const unique = new Set(ids);
  const row = {
    scenario: name,
    logged: count,
    sent: stats.sent,
    acknowledged: stats.acknowledged,
    stored: ids.length,
    duplicated: ids.length - unique.size,
    lost: count - unique.size,
    retries: stats.retries,
  };
  results.push(row);
  return { row, flushed, stats };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('delivery through faults (real ingestor, spool enabled)', () => {
  const faultCases: [string, Fault[], Record<string, unknown>?][] = [
    ['500s (3 in a row)', [{ kind: 'status', status: 500, count: 3 }]],
    [
      '503 then 502',
      [
        { kind: 'status', status: 503 },
        { kind: 'status', status: 502 },
      ],
    ],
    ['429, Retry-After in seconds', [{ kind: 'rate_limit', retryAfter: 1, format: 'seconds', count: 2 }]],
    ['429, Retry-After as HTTP date', [{ kind: 'rate_limit', retryAfter: 2, format: 'date' }]],
    ['413 splits the batch', [{ kind: 'status', status: 413, count: 2 }]],
    ['latency beyond the timeout', [{ kind: 'latency', ms: 2500, count: 2 }], { requestTimeoutMs: 800 }],
    ['connection closed before storing', [{ kind: 'close', phase: 'before', count: 2 }]],
    ['connection closed mid-response (stored)', [{ kind: 'close', phase: 'after', count: 3 }]],
  ];
  for (const [name, faults, extra] of faultCases) {
    it(name, async () => {
      const env = await testEnv({ faultInjection: true });
      const client = createLogFlux({
        apiKey: env.tenant.apiKey,
        endpoint: env.ingestor.url,
        publicKey: publicKeyPem(),
        spool: { dir: join(env.scratch, 'spool') },
        ...FAST,
        ...extra,
      });
      await client.flush(); // handshake done before faults are queued (they target ingest only)
      for (const f of faults) env.ingestor.faults?.add(f);
      const started = Date.now();
      const settle = faults.some((f) => f.kind === 'latency') ? 2000 : 0;
      const { row, flushed } = await measure(
        name,
        client,
        () => env.ingestor.url,
        env.tenant.readToken,
        200,
        (i) => client.info(`entry ${i}`, { id: `e${i}` }),
        settle,
      );
      expect(row.lost).toBe(0);
      expect(row.duplicated).toBe(0);
      expect(flushed.pending).toBe(0);
      if (name.includes('HTTP date')) expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(env.ingestor.faults?.pending()).toBe(0);
      await client.close();
      await env.stop();
    }, 60_000);
  }

  it('server killed and restarted mid-stream', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'logflux-restart-'));
    const port = await freePort();
    const keyPath = fileURLToPath(new URL('../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
    let server = await spawnServer(join(scratch, 'data'), keyPath, port);
    const { apiKey, readToken } = server as { apiKey: string; readToken: string };
    const client = createLogFlux({
      apiKey,
      endpoint: server.url,
      publicKey: publicKeyPem(),
      spool: { dir: join(scratch, 'spool') },
      ...FAST,
      maxRetries: 2,
    });
    await client.flush();
    let restarted = false;
    const { row, stats } = await measure(
      'server killed and restarted',
      client,
      () => server.url,
      readToken,
      600,
      async (i) => {
        client.info(`entry ${i}`, { id: `e${i}` });
        if (i % 50 === 49) await new Promise((r) => setTimeout(r, 30));
        if (i === 200) await kill(server.child);
        if (i === 450 && !restarted) {
          restarted = true;
          server = await spawnServer(join(scratch, 'data'), undefined, port);
        }
      },
    );
    expect(row.lost).toBe(0);
    expect(row.duplicated).toBe(0);
    expect(stats.spool.records).toBe(0);
    await client.close();
    await kill(server.child, 'SIGTERM');
    rmSync(scratch, { recursive: true, force: true });
  }, 90_000);
});

describe('pinning', () => {
  it('never sends a session key to a server presenting another public key', async () => {
    const env = await testEnv();
    const errors: string[] = [];
    const client = createLogFlux({
      apiKey: env.tenant.apiKey,
      endpoint: env.ingestor.url,
      publicKey: `SHA256:${'ab'.repeat(32)}`,
      spool: false,
      onError: (e) => errors.push(e.errorClass),
    });
    client.info('must never leave the process');
    const result = await client.flush({ timeoutMs: 5000 });
    expect(result.pending).toBe(1);
    expect(errors).toContain('pin_mismatch');
    expect(client.stats().handshake.state).toBe('failed');
    expect(env.ingestor.store.sessionKeys(env.tenant.tenant.id)).toEqual([]);
    expect((await readBack(env.ingestor.url, env.tenant.readToken)).stored).toEqual([]);
    const closed = await client.close();
    expect(client.stats().dropped.handshake_failed).toBe(1);
    expect(closed.pending).toBe(0);
    results.push({ scenario: 'wrong pinned key', logged: 1, sent: 0, acknowledged: 0, stored: 0, duplicated: 0, lost: 1, retries: 0 });
    await env.stop();
  });
});
