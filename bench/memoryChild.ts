// One process, one job: 1,000,000 log calls with the ingestor unreachable. Prints JSON stats.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogFlux } from '@logflux/node';
import { kill, spawnServer } from '../packages/ingestor/test/helpers/serverProcess.js';
import { sampleEntry } from './sampleEntry.js';

const CALLS = 1_000_000;
const QUEUE_BYTES = 8 * 1024 * 1024;
const SPOOL_BYTES = 32 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'bench-mem-'));
const before = process.memoryUsage().rss;
let peak = before;
let earlyPeak = before;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const publicKey = fileURLToPath(new URL('../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
const server = await spawnServer(join(dir, 'data'), publicKey);
const client = createLogFlux({
  apiKey: server.apiKey as string,
  endpoint: server.url,
  publicKeyFile: publicKey,
  spool: { dir, maxBytes: SPOOL_BYTES },
  maxQueueBytes: QUEUE_BYTES,
  maxRetries: 1,
  backoffInitialMs: 50,
  backoffMaxMs: 200,
  onError: () => {},
  ...(process.env.LOGFLUX_BENCH_SEAL_THREADS ? { sealThreads: Number(process.env.LOGFLUX_BENCH_SEAL_THREADS) } : {}),
});
// The handshake succeeds, then the ingestor goes away for good: batches are retried, then sealed
// into the spool; past the spool cap the oldest records are evicted and counted.
// The SDK's timers never hold a process open (by design); this benchmark wants to wait for them.
const keepAlive = setInterval(() => {}, 1000);
await client.ready();
await kill(server.child);
const started = performance.now();
for (let i = 0; i < CALLS; i++) {
  const e = sampleEntry(i);
  client.info(e.message as string, e.attributes as Record<string, string>);
  if (i === CALLS / 10) earlyPeak = peak;
  if (i % 10_000 === 0) {
    sample();
    await new Promise((r) => setImmediate(r));
  }
}
sample();
const seconds = (performance.now() - started) / 1000;
await client.flush({ timeoutMs: 20_000 });
sample();
const stats = client.stats();
const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
process.stdout.write(
  `${JSON.stringify({ calls: CALLS, seconds, before, peak, earlyPeak, queueBytes: QUEUE_BYTES, spoolBytes: SPOOL_BYTES, queued: stats.queued, spool: stats.spool, dropped: stats.dropped, accounted: stats.queued.entries + dropped + stats.acknowledged + stats.inFlight + stats.spool.entries })}\n`,
);
clearInterval(keepAlive);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
