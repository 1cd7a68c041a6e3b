import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { base64DecodeStrict, fromHex, gunzipStrict, LogFluxError } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { gunzipStrictZlib } from '../src/zlibGunzip.js';
import { ROOT } from './helpers/cliProcess.js';

/**
 * gunzipStrictZlib must accept exactly what core's strict gzip decoder accepts, with the same
 * output and the same error class: checked over every gzip payload of the test vectors and
 * thousands of damaged variants of them.
 */

type Outcome = { ok: true; hex: string } | { ok: false; errorClass: string };

function outcome(decode: (data: Uint8Array, limit: number) => Uint8Array, data: Uint8Array, limit: number): Outcome {
  try {
    return { ok: true, hex: Buffer.from(decode(data, limit)).toString('hex') };
  } catch (error) {
    if (!(error instanceof LogFluxError)) throw error;
    return { ok: false, errorClass: error.errorClass };
  }
}

/** The decrypted (still compressed) payloads of the gzip vectors, with each group's limit. */
function vectorPayloads(): { data: Uint8Array; limit: number }[] {
  const file = JSON.parse(readFileSync(join(ROOT, 'test-vectors/envelope_gzip_test.json'), 'utf8')) as {
    testGroups: { key: string; maxPlaintextBytes: number; tests: { envelope: string }[] }[];
  };
  const out: { data: Uint8Array; limit: number }[] = [];
  for (const group of file.testGroups) {
    for (const test of group.tests) {
      const envelope = JSON.parse(test.envelope) as { payload: string; nonce: string };
      const sealed = base64DecodeStrict(envelope.payload);
      const d = createDecipheriv('aes-256-gcm', fromHex(group.key), base64DecodeStrict(envelope.nonce), { authTagLength: 16 });
      d.setAuthTag(sealed.subarray(sealed.length - 16));
      try {
        out.push({ data: Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]), limit: group.maxPlaintextBytes });
      } catch {
        // a vector whose tag is wrong on purpose: nothing to decompress
      }
    }
  }
  return out;
}

describe('gunzipStrictZlib', () => {
  const payloads = vectorPayloads();

  it('decodes every gzip vector payload as core does', () => {
    expect(payloads.length).toBeGreaterThan(30);
    const classes = new Set<string>();
    for (const { data, limit } of payloads) {
      const expected = outcome(gunzipStrict, data, limit);
      expect(outcome(gunzipStrictZlib, data, limit)).toEqual(expected);
      classes.add(expected.ok ? 'valid' : expected.errorClass);
    }
    expect([...classes].sort()).toEqual(['decompress', 'size_limit', 'valid']);
  });

  it('refuses the same damaged streams, with the same error class', () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const small = payloads.filter((p) => p.data.length < 4096).map((p) => p.data);
    small.push(gzipSync(Buffer.from('{"message":"hello hello hello hello"}')), Buffer.concat([gzipSync('a'), gzipSync('bc')]));
    let refused = 0;
    let accepted = 0;
    for (let k = 0; k < 4000; k++) {
      const base = small[random(small.length)] as Uint8Array;
      const data = Buffer.from(base);
      let variant: Uint8Array = data;
      switch (random(4)) {
        case 0:
          {
            const at = random(data.length);
            data[at] = (data[at] as number) ^ (1 << random(8));
          }
          break;
        case 1:
          variant = data.subarray(0, random(data.length));
          break;
        case 2:
          variant = Buffer.concat([data, Buffer.from([random(256)])]);
          break;
        default:
          data[random(Math.min(data.length, 12))] = random(256);
      }
      const limit = random(3) === 0 ? random(64) : 1 << 20;
      const expected = outcome(gunzipStrict, variant, limit);
      expect(outcome(gunzipStrictZlib, variant, limit), `variant ${Buffer.from(variant).toString('hex')}`).toEqual(expected);
      if (expected.ok) accepted++;
      else refused++;
    }
    expect(refused).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(100); // damage both accept: a changed mtime or OS byte, a lower limit still met
  });
});
