/**
 * End to end: the Node SDK in this process, the reference ingestor in another (fsync per commit),
 * on loopback. Sustained entries/s acknowledged, and the time from log call to acknowledgement.
 */
import { fileURLToPath } from 'node:url';
import { createLogFlux } from '@logflux/node';
import { tempDir } from '../packages/ingestor/test/helpers/fixtures.js';
import { kill, spawnServer } from '../packages/ingestor/test/helpers/serverProcess.js';
import { processStats } from './procStats.js';
import { sampleEntry } from './sampleEntry.js';
import { fmt, median, percentile, table } from './stats.js';

const PUBLIC_KEY = fileURLToPath(new URL('../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
const TOTAL = 200_000;
const RUNS = 3;

/** The two request formats: multipart (the default where the service offers it) and JSON batches. */
const FORMATS = [
  { name: 'multipart (default)', server: {} },
  { name: 'JSON batches', server: { supportsMultipart: false } },
] as const;

/** One run: TOTAL log calls through a fresh client to a fresh ingestor; entries/s and latencies. */
interface RunResult {
  rate: number;
  p50: number;
  p99: number;
  /** CPU per entry in µs: this process (SDK, seal workers, the loop above) and the ingestor's. */
  clientCpu: number;
  serverCpu: number;
}

async function runOnce(serverOptions: object): Promise<RunResult> {
  const dir = tempDir('bench-e2e-');
  const server = await spawnServer(dir.path, PUBLIC_KEY, 0, serverOptions);
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
  const pid = server.child.pid as number;
  const serverCpu0 = processStats(pid).cpuSeconds;
  const cpu0 = process.cpuUsage();
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
  const cpu = process.cpuUsage(cpu0);
  const serverCpu = ((processStats(pid).cpuSeconds - serverCpu0) * 1e6) / TOTAL;
  const acknowledged = client.stats().acknowledged;
  await client.close();
  await kill(server.child, 'SIGTERM');
  dir.remove();
  if (acknowledged !== TOTAL) throw new Error(`only ${acknowledged} of ${TOTAL} acknowledged`);
  const clientCpu = (cpu.user + cpu.system) / TOTAL;
  return { rate: TOTAL / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), clientCpu, serverCpu };
}

export async function benchEndToEnd(): Promise<string> {
  const rows: (string | number)[][] = [];
  const results = FORMATS.map(() => ({
    rates: [] as number[],
    p50s: [] as number[],
    p99s: [] as number[],
    cpus: [] as [number, number][],
  }));
  // The formats interleaved, run by run, so that a busy moment of the machine weighs on both.
  for (let run = 0; run < RUNS; run++) {
    for (const [f, format] of FORMATS.entries()) {
      const r = await runOnce(format.server);
      const into = results[f] as (typeof results)[number];
      into.rates.push(r.rate);
      into.p50s.push(r.p50);
      into.p99s.push(r.p99);
      into.cpus.push([r.clientCpu, r.serverCpu]);
      rows.push([`${format.name}, run ${run + 1}`, fmt(r.rate), fmt(r.p50), fmt(r.p99), r.clientCpu.toFixed(1), r.serverCpu.toFixed(1)]);
    }
  }
  for (const [f, format] of FORMATS.entries()) {
    const r = results[f] as (typeof results)[number];
    const client = median(r.cpus.map((c) => c[0])).toFixed(1);
    const server = median(r.cpus.map((c) => c[1])).toFixed(1);
    rows.push([`${format.name}, median`, fmt(median(r.rates)), fmt(median(r.p50s)), fmt(median(r.p99s)), client, server]);
  }
  return table(
    `End to end to the reference ingestor (separate process, fsync per commit), loopback, ${fmt(TOTAL)} log calls per run, batches of 1000, 4 requests in flight; JSON batches: an ingestor that does not offer multipart`,
    ['run', 'entries/s acknowledged', 'p50 log→ack (ms)', 'p99 log→ack (ms)', 'SDK process CPU µs/entry', 'ingestor CPU µs/entry'],
    rows,
  );
}
