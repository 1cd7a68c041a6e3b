import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  base64DecodeStrict,
  openEnvelope,
  type PayloadType,
  type PlainRecord,
  partToEnvelope,
  type SealingKey,
  utf8DecodeStrict,
} from '@logflux/core';
import { afterEach, describe, expect, it } from 'vitest';
import { LogFluxNode, nodeProviders, prepareZstd, SealPool, type SealPoolOptions } from '../src/index.js';

const providers = nodeProviders();
const session: SealingKey = { key: randomBytes(32), keyId: 'k1', keyIdJson: '"k1"' };

/** Seals into JSON envelope texts (the pool's output as the JSON batch format has it). */
async function sealJson(p: SealPool, batch: PlainRecord[], key: SealingKey, payloadType: PayloadType): Promise<string[]> {
  const sealed = await p.seal(batch, key, payloadType, 'json');
  expect(sealed.format).toBe('json');
  return sealed.pieces as string[];
}

function entries(n: number): PlainRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    json: JSON.stringify({ message: `entry ${i}`, attributes: { i, text: 'ünïcode\nline' } }),
    ts: `2026-11-22T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
    type: ((i % 7) + 1) as PlainRecord['type'],
  }));
}

async function open(envelope: string, payloadType: PayloadType): Promise<string> {
  const e = JSON.parse(envelope) as { payload: string; nonce: string; payload_type: number; key_id: string };
  expect(e.payload_type).toBe(payloadType);
  expect(e.key_id).toBe('k1');
  const plain = await providers.aead.open(session.key, base64DecodeStrict(e.nonce), base64DecodeStrict(e.payload));
  const codec = payloadType === 1 ? providers.gzip : providers.zstd;
  return utf8DecodeStrict(await codec.decompress(plain, 1 << 20));
}

const pools: SealPool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

function pool(options: SealPoolOptions = {}): SealPool {
  const p = new SealPool(options);
  pools.push(p);
  return p;
}

describe('SealPool', () => {
  it.each([1, 2] as const)('seals payload type %i on a thread, in order, decryptable with the session key', async (payloadType) => {
    await prepareZstd();
    const diagnostics: string[] = [];
    const p = pool({ diagnostic: (m) => diagnostics.push(m) });
    const batch = entries(500);
    const sealed = await sealJson(p, batch, session, payloadType);
    expect(p.running).toBe(1);
    expect(sealed).toHaveLength(500);
    for (let i = 0; i < batch.length; i += 37) {
      const e = JSON.parse(sealed[i] as string) as { entry_type: number; timestamp: string };
      expect(e.entry_type).toBe(batch[i]?.type);
      expect(e.timestamp).toBe(batch[i]?.ts);
      expect(await open(sealed[i] as string, payloadType)).toBe(batch[i]?.json);
    }
    expect(diagnostics).toEqual([]);
  });

  it('seals multipart parts on a thread (the buffer moved back) that open to their entries', async () => {
    const p = pool();
    const batch = entries(200);
    const sealed = await p.seal(batch, session, 1, 'multipart');
    expect(sealed.format).toBe('multipart');
    expect(sealed.pieces).toHaveLength(200);
    for (let i = 0; i < batch.length; i += 41) {
      const opened = await openEnvelope(partToEnvelope(sealed.pieces[i] as Uint8Array), { providers, key: session.key });
      expect(utf8DecodeStrict(opened.plaintext)).toBe(batch[i]?.json);
      expect(opened.envelope).toMatchObject({ entry_type: batch[i]?.type, timestamp: batch[i]?.ts, key_id: 'k1' });
    }
  });

  it('spreads concurrent batches over its threads and answers each with its own envelopes', async () => {
    const p = pool({ threads: 2 });
    const batches = Array.from({ length: 6 }, (_, k) => entries(50 + k));
    const results = await Promise.all(batches.map((b) => sealJson(p, b, session, 1)));
    expect(p.running).toBe(2);
    for (let k = 0; k < batches.length; k++) {
      expect(results[k]).toHaveLength(50 + k);
      expect(await open(results[k]?.[49 + k] as string, 1)).toBe(batches[k]?.[49 + k]?.json);
    }
  });

  it('starts a second thread only when a batch finds the first one busy', async () => {
    const p = pool({ threads: 2 });
    for (let k = 0; k < 4; k++) await sealJson(p, entries(20), session, 1);
    expect(p.running).toBe(1);
    await Promise.all([sealJson(p, entries(300), session, 1), sealJson(p, entries(20), session, 1)]);
    expect(p.running).toBe(2);
  });

  it('never takes the caller’s key buffer away (a Buffer may share a pool slab)', async () => {
    const key = randomBytes(32);
    const copy = Buffer.from(key);
    const neighbour = randomBytes(16); // likely in the same slab as `key`
    const p = pool();
    await sealJson(p, entries(3), { ...session, key }, 1);
    expect(key.equals(copy)).toBe(true);
    expect(neighbour.byteLength).toBe(16);
  });

  it('falls back to sealing here, with one diagnostic, when a thread dies before answering', async () => {
    const diagnostics: string[] = [];
    const p = pool({
      diagnostic: (m) => diagnostics.push(m),
      spawn: () => new Worker('setTimeout(() => process.exit(3), 20)', { eval: true }),
    });
    const batch = entries(20);
    const [a, b] = await Promise.all([sealJson(p, batch, session, 1), sealJson(p, batch, session, 1)]);
    expect(await open(a?.[19] as string, 1)).toBe(batch[19]?.json);
    expect(await open(b?.[0] as string, 1)).toBe(batch[0]?.json);
    const later = await sealJson(p, batch.slice(0, 2), session, 1);
    expect(await open(later[1] as string, 1)).toBe(batch[1]?.json);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/sealing on the main thread instead/);
  });

  it('falls back when the thread’s script cannot be loaded (a bundle that left it out)', async () => {
    const diagnostics: string[] = [];
    const p = pool({
      diagnostic: (m) => diagnostics.push(m),
      spawn: () => new Worker(new URL('./no-such-sealWorker.js', import.meta.url)),
    });
    const batch = entries(5);
    const sealed = await sealJson(p, batch, session, 1);
    expect(await open(sealed[4] as string, 1)).toBe(batch[4]?.json);
    expect(diagnostics).toHaveLength(1);
  });

  it('rejects a batch the thread could not seal, without losing the pool', async () => {
    const p = pool();
    await expect(sealJson(p, entries(2), { ...session, key: new Uint8Array(7) }, 1)).rejects.toThrow();
    const batch = entries(2);
    expect(await open((await sealJson(p, batch, session, 1))[0] as string, 1)).toBe(batch[0]?.json);
  });
});

describe('sealThreads option', () => {
  it('defaults to two threads on a multi-core main thread, one on a single core, none inside a worker', async () => {
    const helper = fileURLToPath(new URL('./helpers/printSealThreads.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--conditions=logflux-src', '--import', 'tsx', helper], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe(`${Math.min(2, availableParallelism())} 0`);
  });

  it.each([-1, 1.5, 17, Number.NaN])('rejects %s at construction (strict)', (sealThreads) => {
    expect(
      () => new LogFluxNode({ apiKey: 'lf_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6', sealThreads, spool: false, flushOnExit: false, strict: true }),
    ).toThrow(/sealThreads must be an integer from 0 to 16/);
  });
});
