/**
 * Bytes on the wire per entry for the bench's sample entry: a multipart batch (raw sealed
 * payloads, docs/protocol.md §8.4) against a JSON batch (base64 envelopes, §8.3), for batches of
 * 500 entries sealed by the Node runtime's loop, both payload types. Sizes, not times: one run says it.
 */
import { randomBytes } from 'node:crypto';
import { type BodyFormat, type PayloadType, type PlainRecord, requestBody, webRandom } from '@logflux/core';
import { prepareZstd, SealPool } from '@logflux/node';
import { sampleEntry } from './sampleEntry.js';
import { fmt, table } from './stats.js';

const N = 5_000;
const BATCH = 500;

/** The sample entry, with `extra` bytes of incompressible detail (a stack trace, a payload dump). */
function records(extra: number): PlainRecord[] {
  return Array.from({ length: N }, (_, i) => {
    const e = sampleEntry(i);
    if (extra > 0) (e.attributes as Record<string, string>).detail = randomBytes(extra).toString('base64').slice(0, extra);
    return { json: JSON.stringify(e), ts: e.ts as string, type: 1 };
  });
}

export async function benchWire(): Promise<string> {
  await prepareZstd();
  const key = { key: randomBytes(32), keyId: '7f8a9b0c-1d2e-3f4a-5b6c-7d8e9f0a1b2c', keyIdJson: '"7f8a9b0c-1d2e-3f4a-5b6c-7d8e9f0a1b2c"' };
  const pool = new SealPool({ threads: 1 });
  const perEntry = async (batch: PlainRecord[], format: BodyFormat, payloadType: PayloadType) => {
    let bytes = 0;
    for (let i = 0; i < N; i += BATCH) {
      const sealed = await pool.seal(batch.slice(i, i + BATCH), key, payloadType, format);
      bytes += requestBody(sealed, webRandom).body.length;
    }
    return bytes / N;
  };
  const rows: (string | number)[][] = [];
  for (const extra of [0, 1024, 8192]) {
    const batch = records(extra);
    const plain = batch.reduce((n, r) => n + r.json.length, 0) / N;
    for (const payloadType of [1, 2] as const) {
      const json = await perEntry(batch, 'json', payloadType);
      const multipart = await perEntry(batch, 'multipart', payloadType);
      const name = extra === 0 ? 'the sample entry' : `the sample + ${fmt(extra)} B of detail`;
      rows.push([
        `${name}, payload type ${payloadType}`,
        fmt(plain),
        fmt(json, 1),
        fmt(multipart, 1),
        `${fmt((1 - multipart / json) * 100, 1)} %`,
      ]);
    }
  }
  await pool.close();
  return table(
    `Bytes on the wire per entry, batches of ${BATCH} (request body bytes ÷ entries; a 36-character key id as the reference ingestor issues). ` +
      'Multipart carries the sealed payload raw instead of base64 (a third less) but adds ~250 bytes of part headers and delimiter per entry, so it wins by more as entries grow',
    ['entries', 'plaintext JSON bytes', 'JSON batch (/v1/batch)', 'multipart (/v1/ingest, the default)', 'multipart saves'],
    rows,
  );
}
