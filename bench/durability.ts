/**
 * Crash-durable mode: main-thread cost per entry of `durability: 'disk'` beside the default
 * (`'memory'`), in the same run, against the reference ingestor in another process on loopback.
 * Two figures per mode: the log call itself (what the application waits for), and all main-thread
 * work from the first log call until flush() resolves (event-loop utilisation × wall time: the log
 * calls plus batching, sending and answers; sealing runs on worker threads in the default mode,
 * on the calling thread in 'disk', which also writes each entry to the journal).
 */

import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createLogFlux } from '@logflux/node';
import { tempDir } from '../packages/ingestor/test/helpers/fixtures.js';
import { kill, spawnServer } from '../packages/ingestor/test/helpers/serverProcess.js';
import { sampleEntry } from './sampleEntry.js';
import { fmt, median, table } from './stats.js';

const PUBLIC_KEY = fileURLToPath(new URL('../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
const ENTRIES = 20_000;
const RUNS = 5;
const MODES = ['memory', 'disk'] as const;

async function once(url: string, apiKey: string, spoolDir: string, durability: 'memory' | 'disk') {
  const client = createLogFlux({
    apiKey,
    endpoint: url,
    publicKeyFile: PUBLIC_KEY,
    spool: { dir: spoolDir },
    durability,
    maxQueueEntries: ENTRIES,
    maxQueueBytes: 64 * 1024 * 1024,
  });
  await client.ready();
  const entries = Array.from({ length: ENTRIES }, (_, i) => sampleEntry(i));
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  for (const e of entries) client.info(e.message as string, e.attributes as Record<string, string>);
  const calls = performance.now() - started;
  const result = await client.flush();
  const busy = performance.eventLoopUtilization(elu);
  await client.close();
  if (result.acknowledged !== ENTRIES) throw new Error(`${durability}: only ${result.acknowledged} of ${ENTRIES} acknowledged`);
  return { callUs: (calls * 1000) / ENTRIES, busyUs: (busy.active * 1000) / ENTRIES, wallMs: performance.now() - started };
}

export async function benchDurability(): Promise<string> {
  const dir = tempDir('bench-durability-');
  const server = await spawnServer(`${dir.path}/data`, PUBLIC_KEY);
  const figures = new Map<string, { callUs: number[]; busyUs: number[]; wallMs: number[] }>();
  try {
    // Alternating modes, after one warm-up round of each, so that both see the same machine.
    for (let run = -1; run < RUNS; run++)
      for (const mode of MODES) {
        const r = await once(server.url, server.apiKey as string, `${dir.path}/spool-${mode}-${run}`, mode);
        if (run < 0) continue;
        const f = figures.get(mode) ?? { callUs: [], busyUs: [], wallMs: [] };
        f.callUs.push(r.callUs);
        f.busyUs.push(r.busyUs);
        f.wallMs.push(r.wallMs);
        figures.set(mode, f);
      }
  } finally {
    await kill(server.child, 'SIGTERM');
    dir.remove();
  }
  const rows = MODES.map((mode) => {
    const f = figures.get(mode) as { callUs: number[]; busyUs: number[]; wallMs: number[] };
    return [mode, fmt(median(f.callUs), 1), fmt(median(f.busyUs), 1), fmt(median(f.wallMs))];
  });
  return table(
    `Durability: main-thread cost per entry, ${fmt(ENTRIES)} log calls (~300-byte entries) then flush(), reference ingestor in another process, median of ${RUNS} runs per mode (alternating)`,
    ['durability', 'log call (µs/entry)', 'main thread until flushed (µs/entry)', 'log → all acknowledged (ms)'],
    rows,
  );
}
