import { randomBytes } from 'node:crypto';
import { openEnvelope, type PayloadType, type PlainRecord, partToEnvelope } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { sealJoined } from '../src/batchSeal.js';
import { nodeProviders } from '../src/index.js';
import { type JoinedBatch, joinBatch, piecesOf } from '../src/sealProtocol.js';

/** The loop's JSON output: envelope texts. */
async function sealBatch(batch: JoinedBatch, key: Uint8Array, keyIdJson: string, payloadType: PayloadType): Promise<string[]> {
  const sealed = await sealJoined(batch, key, JSON.parse(keyIdJson), keyIdJson, payloadType, 'json');
  return sealed.format === 'json' ? sealed.envelopes.split('\n') : [];
}

const key = randomBytes(32);
const providers = nodeProviders();

function entry(i: number, message: string): PlainRecord {
  return {
    json: JSON.stringify({ i, message, attributes: { text: 'ünïcode ✓ 𝄞\nsecond line' } }),
    ts: `2026-11-22T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
    type: ((i % 7) + 1) as PlainRecord['type'],
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

describe('sealJoined, multipart parts', () => {
  it.each([1, 2] as const)(
    'payload type %i: each part carries the six headers and opens to its entry',
    async (payloadType: PayloadType) => {
      const messages = ['short', 'x'.repeat(4_000), randomBytes(30_000).toString('base64'), ''];
      const batch = messages.map((m, i) => entry(i, m));
      const sealed = await sealJoined(joinBatch(batch), key, 'key-1', '"key-1"', payloadType, 'multipart');
      expect(sealed.format).toBe('multipart');
      const { pieces } = piecesOf(sealed);
      expect(pieces).toHaveLength(batch.length);
      for (let i = 0; i < batch.length; i++) {
        const part = pieces[i] as Uint8Array;
        const head = Buffer.from(part).toString('latin1', 0, Buffer.from(part).indexOf('\r\n\r\n') + 4);
        expect(head).toBe(
          `Content-Type: application/octet-stream\r\nX-LF-Entry-Type: ${batch[i]?.type}\r\nX-LF-Payload-Type: ${payloadType}\r\n` +
            `X-LF-Timestamp: ${batch[i]?.ts}\r\nX-LF-Key-ID: key-1\r\nX-LF-Nonce: ${/X-LF-Nonce: (\S+)/.exec(head)?.[1]}\r\n\r\n`,
        );
        const opened = await openEnvelope(partToEnvelope(part), { providers, key });
        expect(new TextDecoder().decode(opened.plaintext)).toBe(batch[i]?.json);
      }
    },
  );
});
