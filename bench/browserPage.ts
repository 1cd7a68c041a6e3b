/**
 * The page side of bench/browser.ts: seals the same entries with each provider set in Chromium and
 * reports entries per second. Bundled by the bench with esbuild and loaded from loopback.
 */
import { type CodecProviders, type PayloadType, type PlainRecord, portableProviders, sealEntries } from '@logflux/core';
import { browserProviders, streamGzip } from '../packages/browser/src/index.js';
import { sampleEntry } from './sampleEntry.js';

const key = crypto.getRandomValues(new Uint8Array(32));
const session = { key, keyId: 'k', keyIdJson: '"k"' };

type Sealer = (batch: PlainRecord[], payloadType: PayloadType) => Promise<string[]> | string[];

async function rate(entries: PlainRecord[], seal: Sealer, payloadType: PayloadType): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < entries.length; i += 500) await seal(entries.slice(i, i + 500), payloadType);
  return entries.length / ((performance.now() - t) / 1000);
}

async function run(n: number, runs: number): Promise<{ name: string; rates: number[] }[]> {
  const entries: PlainRecord[] = Array.from({ length: n }, (_, i) => {
    const e = sampleEntry(i);
    return { json: JSON.stringify(e), ts: e.ts as string, type: 1 };
  });
  const portable = portableProviders();
  const web = browserProviders(true);
  const webStreamGzip: CodecProviders = { ...web, gzip: { ...web.gzip, name: 'compression-stream', compress: streamGzip } };
  // Core's sealer keeps up to 128 entries in flight when the providers are asynchronous (Web Crypto).
  const viaWindow =
    (p: CodecProviders): Sealer =>
    (batch, pt) =>
      sealEntries(batch, session, pt, p);
  const serial = viaWindow;
  // Load the lazily loaded chunks first (zstd, and the fallback chunk with the small-input gzip).
  await web.zstd.compress(new Uint8Array(1));
  const fallback = browserProviders(false);
  await fallback.aead.seal(key, new Uint8Array(12), new Uint8Array(1));
  const cases: [string, Sealer, PayloadType][] = [
    ['native: Web Crypto + CompressionStream per entry, type 1', viaWindow(webStreamGzip), 1],
    ['native (default): Web Crypto + small-input gzip, type 1', viaWindow(web), 1],
    ['portable: @noble/ciphers + small-input gzip, type 1', serial(portable), 1],
    ['native (default): Web Crypto + zstd wasm, type 2', viaWindow(web), 2],
    ['portable: @noble/ciphers + zstd wasm, type 2', serial(portable), 2],
  ];
  const out = cases.map(([name]) => ({ name, rates: [] as number[] }));
  for (let r = 0; r <= runs; r++) {
    for (const [i, [, seal, pt]] of cases.entries()) {
      const perSecond = await rate(entries, seal, pt);
      if (r > 0) out[i]?.rates.push(perSecond); // run 0 warms up
    }
  }
  return out;
}

Object.assign(window, { benchRun: run });
