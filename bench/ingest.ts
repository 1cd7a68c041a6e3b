/**
 * Ingest throughput of the reference ingestor on loopback: 1,000-entry JSON batches of ~300-byte
 * log entries, fsync on every commit, 4 requests in flight. The server runs in its own process so
 * its CPU time and peak RSS can be read from /proc.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Envelope, envelopeToJson, portableProviders, sealEntry } from '@logflux/core';
import { tempDir } from '../packages/ingestor/test/helpers/fixtures.js';
import { kill, spawnServer } from '../packages/ingestor/test/helpers/serverProcess.js';
import { WireClient } from '../packages/ingestor/test/helpers/wireClient.js';
import { processStats } from './procStats.js';
import { fmt, median, table } from './stats.js';

const PUBLIC_KEY = fileURLToPath(new URL('../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
const BATCH = 1000;
const BATCHES_PER_RUN = 50;
const RUNS = 5;
const CONCURRENCY = 4;

function logEntry(i: number): object {
  return {
    v: '2.0',
    type: 'log',
    source: 'bench-api',
    level: 7,
    ts: new Date().toISOString(),
    message: `GET /api/orders/${i} 200 in ${i % 97} ms`,
    logger: 'http',
    attributes: { request_id: randomBytes(8).toString('hex'), user: `user-${i % 1000}`, route: '/api/orders/:id' },
    meta: { environment: 'production', release: '4.2.0', node: 'web-1' },
  };
}

export async function benchIngest(): Promise<string> {
  const dir = tempDir('bench-ingest-');
  const server = await spawnServer(dir.path, PUBLIC_KEY);
  const client = new WireClient(server.url, server.apiKey as string);
  await client.handshake();
  const providers = portableProviders();
  const bodies: string[] = [];
  for (let b = 0; b < BATCHES_PER_RUN; b++) {
    const envelopes: Envelope[] = [];
    for (let i = 0; i < BATCH; i++) {
      envelopes.push(
        await sealEntry(providers, logEntry(b * BATCH + i), {
          key: client.key,
          keyId: client.keyId,
          payloadType: 1,
          entryType: 1,
          timestamp: new Date().toISOString(),
        }),
      );
    }
    bodies.push(`{"entries":[${envelopes.map(envelopeToJson).join(',')}]}`);
  }
  const bytesPerBatch = Buffer.byteLength(bodies[0] as string);
  const rates: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const before = processStats(server.child.pid as number);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          const res = await fetch(`${server.url}/v1/batch`, {
            method: 'POST',
            headers: client.headers({ 'Idempotency-Key': randomBytes(16).toString('hex') }),
            body,
          });
          if (res.status !== 200) throw new Error(`batch answered ${res.status}`);
          await res.arrayBuffer();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    rates.push((BATCHES_PER_RUN * BATCH) / seconds);
    cpu.push((processStats(server.child.pid as number).cpuSeconds - before.cpuSeconds) / seconds);
  }
  const { peakRssMiB } = processStats(server.child.pid as number);
  await kill(server.child, 'SIGTERM');
  dir.remove();
  return table(
    `Reference ingestor, loopback, ${BATCH}-entry JSON batches (${fmt(bytesPerBatch / 1024)} KiB each), ${CONCURRENCY} in flight, fsync per commit, ${RUNS} runs × ${BATCHES_PER_RUN * BATCH} entries`,
    ['metric', 'median', 'min', 'max'],
    [
      ['entries/s acknowledged', fmt(median(rates)), fmt(Math.min(...rates)), fmt(Math.max(...rates))],
      ['server CPU (cores busy)', fmt(median(cpu), 2), fmt(Math.min(...cpu), 2), fmt(Math.max(...cpu), 2)],
      ['server peak RSS (MiB)', fmt(peakRssMiB, 1), '', ''],
    ],
  );
}
