import { drbg } from '../drbg.js';
import { SAMPLE_ENTRIES, TIMESTAMP } from '../envelopeBuild.js';
import { hex } from '../seal.js';

/** Inputs every implementation encodes for the cross-implementation round trip. */
export function roundtripInputs(): unknown {
  const rnd = drbg('roundtrip');
  const entries: { id: string; payloadType: number; plaintext: string }[] = [];
  const texts = [
    ...Object.entries(SAMPLE_ENTRIES).map(([name, s]) => [name, JSON.stringify(s.entry)] as const),
    ['unicode', JSON.stringify({ v: '2.0', type: 'log', source: 'rt', level: 7, ts: TIMESTAMP, message: 'Ünïcødé 😀 𝔘𝔫𝔦 中文' })],
    ['empty-object', '{}'],
    [
      'large',
      JSON.stringify({
        v: '2.0',
        type: 'log',
        source: 'rt',
        level: 8,
        ts: TIMESTAMP,
        message: Array.from({ length: 5000 }, (_, i) => `debug line ${i}`).join('\n'),
      }),
    ],
  ] as const;
  for (const [name, plaintext] of texts) {
    for (const payloadType of [1, 2]) entries.push({ id: `${name}-${payloadType}`, payloadType, plaintext });
  }
  return { schema: 'logflux_roundtrip_inputs_v1', aesKey: hex(rnd(32)), entries };
}
