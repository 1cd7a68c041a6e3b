/**
 * Encode pipeline (stringify, compress, encrypt, envelope) for ~300-byte log entries, entries per
 * second, for each provider set and payload type, beside the naive per-entry pipeline of the
 * official JS SDK (JSON → zlib.gzipSync → randomBytes(12) → createCipheriv), all in one run.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import {
  type BodyFormat,
  type CodecProviders,
  initZstdWasm,
  type PayloadType,
  type PlainRecord,
  portableProviders,
  sealEntries,
} from '@logflux/core';
import { defaultSealThreads, nodeProviders, prepareZstd, SealPool } from '@logflux/node';
import { sampleEntry } from './sampleEntry.js';
import { fmt, median, table } from './stats.js';

const N = 20_000;
const RUNS = 7;
const key = randomBytes(32);

function naive(entries: Record<string, unknown>[]): number {
  let bytes = 0;
  for (const entry of entries) {
    const compressed = gzipSync(JSON.stringify(entry));
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    const sealed = Buffer.concat([cipher.update(compressed), cipher.final(), cipher.getAuthTag()]);
    const envelope = JSON.stringify({
      timestamp: entry.ts,
      entry_type: 1,
      payload_type: 1,
      payload: sealed.toString('base64'),
      nonce: nonce.toString('base64'),
      key_id: 'k',
    });
    bytes += envelope.length;
  }
  return bytes;
}

async function sdk(entries: Record<string, unknown>[], providers: CodecProviders, payloadType: PayloadType): Promise<number> {
  const session = { key, keyId: 'k', keyIdJson: '"k"' };
  const batch: PlainRecord[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as Record<string, unknown>;
    batch[i] = { json: JSON.stringify(e), ts: e.ts as string, type: 1 };
  }
  // As the client does: seal in batches, and let each batch's envelopes go once sent.
  let bytes = 0;
  for (let i = 0; i < batch.length; i += 500) {
    const out = await sealEntries(batch.slice(i, i + 500), session, payloadType, providers);
    for (const s of out) bytes += s.length;
  }
  return bytes;
}

/**
 * The Node runtime: the caller's thread serialises entries (at log time) and hands batches to
 * sealing threads, keeping two batches per thread in flight as the client does.
 */
async function runtime(
  entries: Record<string, unknown>[],
  pool: SealPool,
  payloadType: PayloadType,
  format: BodyFormat = 'json',
): Promise<number> {
  const session = { key, keyId: 'k', keyIdJson: '"k"' };
  const inFlight: Promise<{ pieces: (string | Uint8Array)[] }>[] = [];
  let bytes = 0;
  const count = async (job: Promise<{ pieces: (string | Uint8Array)[] }> | undefined) => {
    for (const s of (await job)?.pieces ?? []) bytes += s.length;
  };
  for (let i = 0; i < entries.length; i += 500) {
    const batch: PlainRecord[] = [];
    for (let j = i; j < Math.min(entries.length, i + 500); j++) {
      const e = entries[j] as Record<string, unknown>;
      batch.push({ json: JSON.stringify(e), ts: e.ts as string, type: 1 });
    }
    inFlight.push(pool.seal(batch, session, payloadType, format));
    if (inFlight.length >= pool.size * 2) await count(inFlight.shift());
  }
  for (const job of inFlight) await count(job);
  return bytes;
}

export async function benchEncode(): Promise<string> {
  await initZstdWasm();
  await prepareZstd();
  const entries = Array.from({ length: N }, (_, i) => sampleEntry(i));
  const plainBytes = entries.reduce((n, e) => n + JSON.stringify(e).length, 0) / N;
  // The client's default on this machine (2 on two cores or more), and a single thread beside it.
  const shipped = defaultSealThreads();
  const pools = [new SealPool({ threads: 1 }), new SealPool({ threads: shipped })] as const;
  const cases: [string, () => Promise<number> | number][] = [
    ['naive per-entry baseline (gzipSync + createCipheriv)', () => naive(entries)],
    ['portable providers, payload type 1 (gzip)', () => sdk(entries, portableProviders(), 1)],
    ['portable providers, payload type 2 (zstd wasm)', () => sdk(entries, portableProviders(), 2)],
    ['Node providers, payload type 1 (gzip)', () => sdk(entries, nodeProviders(), 1)],
    ['Node providers, payload type 2 (zstd)', () => sdk(entries, nodeProviders(), 2)],
    [`Node runtime as shipped here (${shipped} sealing threads), payload type 1`, () => runtime(entries, pools[1], 1)],
    [`… the same, multipart parts (the default with a multipart service)`, () => runtime(entries, pools[1], 1, 'multipart')],
    [`Node runtime as shipped here (${shipped} sealing threads), payload type 2`, () => runtime(entries, pools[1], 2)],
    ['Node runtime, 1 sealing thread, payload type 1', () => runtime(entries, pools[0], 1)],
    ['Node runtime, 1 sealing thread, payload type 2', () => runtime(entries, pools[0], 2)],
  ];
  const rates = new Map<string, number[]>();
  const mainThread = new Map<string, number[]>();
  const sizes = new Map<string, number>();
  for (let run = 0; run < RUNS; run++) {
    for (const [name, fn] of cases) {
      const elu = performance.eventLoopUtilization();
      const t = performance.now();
      const bytes = await fn();
      const seconds = (performance.now() - t) / 1000;
      const busyMs = performance.eventLoopUtilization(elu).active;
      if (run > 0) {
        // run 0 warms up
        rates.set(name, [...(rates.get(name) ?? []), N / seconds]);
        mainThread.set(name, [...(mainThread.get(name) ?? []), (busyMs * 1000) / N]);
      }
      sizes.set(name, bytes / N);
    }
  }
  for (const pool of pools) await pool.close();
  const base = median(rates.get(cases[0]?.[0] as string) as number[]);
  const baseMain = median(mainThread.get(cases[0]?.[0] as string) as number[]);
  return table(
    `Encode pipeline, ${fmt(plainBytes)}-byte log entries, ${N} entries × ${RUNS - 1} runs (after 1 warm-up); ` +
      'main-thread µs is event-loop busy time per entry (what the application pays)',
    ['pipeline', 'entries/s (median)', '× baseline', 'main-thread µs/entry', '× less main-thread time', 'envelope bytes'],
    cases.map(([name]) => {
      const m = median(rates.get(name) as number[]);
      const busy = median(mainThread.get(name) as number[]);
      return [name, fmt(m), fmt(m / base, 2), fmt(busy, 2), fmt(baseMain / busy, 1), fmt(sizes.get(name) ?? 0)];
    }),
  );
}
