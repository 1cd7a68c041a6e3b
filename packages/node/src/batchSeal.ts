/**
 * The Node sealing loop for a whole batch, as the sealing threads run it (and the calling thread,
 * with `sealThreads: 0` or when no thread works). Same envelopes as core's per-entry
 * `sealEntries` — both write them through core's `envelopeJson` — with the per-entry costs that
 * are not compression or AES taken out of the loop: the batch is UTF-8 encoded in one call, its
 * nonces come from one CSPRNG call, the session key becomes an OpenSSL key object once, and
 * ciphertext and tag are joined in a reused buffer instead of a fresh one per entry.
 */
import { createCipheriv, createSecretKey, randomFillSync } from 'node:crypto';
import { type EntryType, envelopeJson, LogFluxError, type PayloadType, PROTOCOL } from '@logflux/core';
import { nodeGzip, nodeZstd, prepareZstd } from './providers.js';
import type { JoinedBatch } from './sealProtocol.js';

const NONCE = PROTOCOL.nonceBytes;
const TAG = PROTOCOL.tagBytes;
const NEWLINE = 0x0a;

// Holds ciphertext only (never plaintext or keys); entries too large for it get their own buffer.
const scratch = Buffer.allocUnsafeSlow(16 * 1024);

/** Seals every entry of `batch` under `key`; envelopes in order. */
export async function sealBatch(batch: JoinedBatch, key: Uint8Array, keyIdJson: string, payloadType: PayloadType): Promise<string[]> {
  if (key.length !== PROTOCOL.sessionKeyBytes) throw new LogFluxError('secret_length', 'the session key must be 32 bytes');
  if (payloadType === 2) await prepareZstd();
  const compressor = payloadType === 1 ? nodeGzip : nodeZstd;
  const n = batch.types.length;
  const keyObject = createSecretKey(key);
  const text = Buffer.from(batch.json, 'utf8');
  const nonces = randomFillSync(Buffer.allocUnsafeSlow(n * NONCE));
  const ts = batch.ts.split('\n');
  const out: string[] = new Array(n);
  try {
    let start = 0;
    for (let i = 0; i < n; i++) {
      let end = text.indexOf(NEWLINE, start);
      if (end < 0) end = text.length;
      const packed = compressor.compress(text.subarray(start, end));
      const compressed = packed instanceof Uint8Array ? packed : await packed;
      start = end + 1;
      const nonce = nonces.subarray(i * NONCE, (i + 1) * NONCE);
      const cipher = createCipheriv('aes-256-gcm', keyObject, nonce);
      const sealed = compressed.length + TAG <= scratch.length ? scratch : Buffer.allocUnsafe(compressed.length + TAG);
      const length = cipher.update(compressed).copy(sealed, 0);
      cipher.final();
      cipher.getAuthTag().copy(sealed, length);
      out[i] = envelopeJson(
        ts[i] as string,
        batch.types[i] as EntryType,
        payloadType,
        sealed.toString('base64', 0, length + TAG),
        nonces.toString('base64', i * NONCE, (i + 1) * NONCE),
        keyIdJson,
      );
    }
  } finally {
    nonces.fill(0);
    text.fill(0);
  }
  return out;
}
