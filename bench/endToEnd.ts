/**
 * End to end: the Node SDK in this process, the reference ingestor in another (fsync per commit),
 * on loopback. Sustained entries/s acknowledged, and the time from log call to acknowledgement.
 */
import { fileURLToPath } from 'node:url';
import { createLogFlux } from '@logflux/node';
import { tempDir } from '../packages/ingestor/test/helpers/fixtures.js';
import { kill, spawnServer } from '../packages/ingestor/test/helpers/serverProcess.js';
import { sampleEntry } from './sampleEntry.js';
import { fmt, median, percentile, table } from './stats.js';

const PUBLIC_KEY = fileURLToPath(new URL('../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
const TOTAL = 200_000;
const RUNS = 3;

export async function benchEndToEnd(): Promise<string> {
  const rows: (string | number)[][] = [];
  const rates: number[] = [];
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dir = tempDir('bench-e2e-');
    const server = await spawnServer(dir.path, PUBLIC_KEY);
    const client = createLogFlux({
      apiKey: server.apiKey as string,
      endpoint: server.url,
      publicKeyFile: PUBLIC_KEY,
      spool: false,
      maxBatchEntries: 1000,
      maxConcurrentRequests: 4,
      maxQueueEntries: 50_000,
      maxQueueBytes: 32 * 1024 * 1024,
      flushIntervalMs: 20,
    });
    await client.ready();
    const latencies: number[] = [];
    client.on('acknowledged', (loggedAt, now) => {
      for (const t of loggedAt) latencies.push(now - t);
    });
    const started = performance.now();
    for (let i = 0; i < TOTAL; i++) {
      const e = sampleEntry(i);
      client.info(e.message as string, e.attributes as Record<string, string>);
      // Producer backpressure: a real application logs at its own pace; here we keep the queue
      // from overflowing so the figure is delivered throughput, not drops.
      if (i % 2000 === 1999) while (client.stats().queued.entries > 20_000) await new Promise((r) => setImmediate(r));
    }
    await client.flush();
    const seconds = (performance.now() - started) / 1000;
    const acknowledged = client.stats().acknowledged;
    await client.close();
    await kill(server.child, 'SIGTERM');
    dir.remove();
    if (acknowledged !== TOTAL) throw new Error(`only ${acknowledged} of ${TOTAL} acknowledged`);
    rates.push(TOTAL / seconds);
    p50s.push(percentile(latencies, 50));
    p99s.push(percentile(latencies, 99));
    rows.push([`run ${run + 1}`, fmt(TOTAL / seconds), fmt(percentile(latencies, 50)), fmt(percentile(latencies, 99))]);
  }
  rows.push(['median', fmt(median(rates)), fmt(median(p50s)), fmt(median(p99s))]);
  return table(
    `End to end to the reference ingestor (separate process, fsync per commit), loopback, ${fmt(TOTAL)} log calls per run, batches of 1000, 4 requests in flight`,
    ['run', 'entries/s acknowledged', 'p50 log→ack (ms)', 'p99 log→ack (ms)'],
    rows,
  );
}
