import { randomBytes } from 'node:crypto';
import { openEnvelope, type PayloadType, type QueuedEntry } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { sealBatch } from '../src/batchSeal.js';
import { nodeProviders } from '../src/index.js';
import { joinBatch } from '../src/sealProtocol.js';

const key = randomBytes(32);
const providers = nodeProviders();

function entry(i: number, message: string): QueuedEntry {
  return {
    json: JSON.stringify({ i, message, attributes: { text: 'ünïcode ✓ 𝄞\nsecond line' } }),
    ts: `2026-11-22T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
    type: ((i % 7) + 1) as QueuedEntry['type'],
    seq: i,
    at: 0,
  };
}

describe('sealBatch (the Node sealing loop)', () => {
  it.each([1, 2] as const)(
    'payload type %i: every envelope opens to its entry, small and large alike',
    async (payloadType: PayloadType) => {
      // Sizes on both sides of the small-input encoder's limit (4 KiB) and of the reused buffer (16 KiB).
      const messages = ['short', 'x'.repeat(4_000), 'y'.repeat(5_000), randomBytes(30_000).toString('base64'), '', 'z'.repeat(17_000)];
      const batch = messages.map((m, i) => entry(i, m));
      const envelopes = await sealBatch(joinBatch(batch), key, '"key-1"', payloadType);
      expect(envelopes).toHaveLength(batch.length);
      const nonces = new Set<string>();
      for (let i = 0; i < batch.length; i++) {
        const opened = await openEnvelope(envelopes[i] as string, { providers, key });
        expect(new TextDecoder().decode(opened.plaintext)).toBe(batch[i]?.json);
        expect(opened.envelope).toMatchObject({
          timestamp: batch[i]?.ts,
          entry_type: batch[i]?.type,
          payload_type: payloadType,
          key_id: 'key-1',
        });
        nonces.add(opened.envelope.nonce);
      }
      expect(nonces.size).toBe(batch.length);
    },
  );

  it('writes the envelope fields in the spec’s order, like the core sealer', async () => {
    const [text] = await sealBatch(joinBatch([entry(1, 'hello')]), key, '"k"', 1);
    expect(Object.keys(JSON.parse(text as string))).toEqual(['timestamp', 'entry_type', 'payload_type', 'payload', 'nonce', 'key_id']);
  });

  it('rejects a session key of the wrong length with a typed error', async () => {
    await expect(sealBatch(joinBatch([entry(1, 'a')]), new Uint8Array(16), '"k"', 1)).rejects.toMatchObject({
      errorClass: 'secret_length',
    });
  });
});
