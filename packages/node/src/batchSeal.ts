/**
 * The Node sealing loop for a whole batch, as the sealing threads run it (and the calling thread,
 * with `sealThreads: 0` or when no thread works). Same pieces as core's per-entry `sealEntries` —
 * envelope text through core's `envelopeJson`, multipart parts through core's `multipartPartHead` —
 * with the per-entry costs that are not compression or AES taken out of the loop: the batch is
 * UTF-8 encoded in one call, its nonces come from one CSPRNG call, the session key becomes an
 * OpenSSL key object once, and ciphertext is written into reused or growing buffers instead of a
 * fresh one per entry.
 */
import { createCipheriv, createSecretKey, randomFillSync } from 'node:crypto';
import { type BodyFormat, type EntryType, envelopeJson, LogFluxError, multipartPartHead, type PayloadType, PROTOCOL } from '@logflux/core';
import { nodeGzip, nodeZstd, prepareZstd } from './providers.js';
import type { JoinedBatch, SealedBatch } from './sealProtocol.js';

const NONCE = PROTOCOL.nonceBytes;
const TAG = PROTOCOL.tagBytes;
const NEWLINE = 0x0a;

// Holds ciphertext only (never plaintext or keys); entries too large for it get their own buffer.
const scratch = Buffer.allocUnsafeSlow(16 * 1024);

/** Multipart parts written back to back into a buffer that grows by doubling. */
class PartWriter {
  buf = Buffer.allocUnsafeSlow(64 * 1024);
  at = 0;
  readonly lengths: Uint32Array;
  constructor(n: number) {
    this.lengths = new Uint32Array(n);
  }
  reserve(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + bytes));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
}

/** Seals every entry of `batch` under `key`, in order, as pieces of `format`. */
export async function sealJoined(
  batch: JoinedBatch,
  key: Uint8Array,
  keyId: string,
  keyIdJson: string,
  payloadType: PayloadType,
  format: BodyFormat,
): Promise<SealedBatch> {
  if (key.length !== PROTOCOL.sessionKeyBytes) throw new LogFluxError('secret_length', 'the session key must be 32 bytes');
  if (payloadType === 2) await prepareZstd();
  const compressor = payloadType === 1 ? nodeGzip : nodeZstd;
  const n = batch.types.length;
  const keyObject = createSecretKey(key);
  const text = Buffer.from(batch.json, 'utf8');
  const nonces = randomFillSync(Buffer.allocUnsafeSlow(n * NONCE));
  const ts = batch.ts.split('\n');
  const envelopes: string[] = format === 'json' ? new Array(n) : [];
  const parts = format === 'multipart' ? new PartWriter(n) : undefined;
  try {
    let start = 0;
    for (let i = 0; i < n; i++) {
      let end = text.indexOf(NEWLINE, start);
      if (end < 0) end = text.length;
      const packed = compressor.compress(text.subarray(start, end));
      const compressed = packed instanceof Uint8Array ? packed : await packed;
      start = end + 1;
      const nonce = nonces.subarray(i * NONCE, (i + 1) * NONCE);
      const nonceText = nonces.toString('base64', i * NONCE, (i + 1) * NONCE);
      const cipher = createCipheriv('aes-256-gcm', keyObject, nonce);
      if (parts) {
        const head = multipartPartHead(ts[i] as string, batch.types[i] as EntryType, payloadType, keyId, nonceText);
        parts.reserve(head.length + compressed.length + TAG);
        const from = parts.at;
        parts.at += parts.buf.write(head, parts.at, 'latin1');
        parts.at += cipher.update(compressed).copy(parts.buf, parts.at);
        cipher.final();
        parts.at += cipher.getAuthTag().copy(parts.buf, parts.at);
        parts.lengths[i] = parts.at - from;
        continue;
      }
      const sealed = compressed.length + TAG <= scratch.length ? scratch : Buffer.allocUnsafe(compressed.length + TAG);
      const length = cipher.update(compressed).copy(sealed, 0);
      cipher.final();
      cipher.getAuthTag().copy(sealed, length);
      envelopes[i] = envelopeJson(
        ts[i],
        batch.types[i] as EntryType,
        payloadType,
        sealed.toString('base64', 0, length + TAG),
        nonceText,
        keyIdJson,
      );
    }
  } finally {
    nonces.fill(0);
    text.fill(0);
  }
  if (!parts) return { format: 'json', envelopes: envelopes.join('\n') };
  // allocUnsafeSlow memory is the buffer's own (not a pool slab), so it can be moved to another thread.
  return { format: 'multipart', parts: parts.buf.subarray(0, parts.at), lengths: parts.lengths };
}
