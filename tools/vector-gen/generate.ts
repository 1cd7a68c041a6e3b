/**
 * Writes every file in test-vectors/ from fixed labels and the committed TEST-ONLY keys. Output is
 * byte-stable: the same generator version gives the same files on any machine, which CI checks by
 * regenerating into a scratch directory and diffing (`--check`).
 *
 *   pnpm vectors:generate            rewrite test-vectors/
 *   pnpm vectors:generate --check    fail if test-vectors/ differs from a fresh generation
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as zstdModule from '@bokuweb/zstd-wasm';
import { initZstdWasm } from '@logflux/core';
import { aeadVectors } from './files/aead.js';
import { apiKeyVectors } from './files/apiKey.js';
import type { Compressors } from './files/compressors.js';
import { discoveryVectors } from './files/discovery.js';
import { envelopeCommonVectors } from './files/envelopeCommon.js';
import { envelopeGzipVectors } from './files/envelopeGzip.js';
import { envelopeZstdVectors } from './files/envelopeZstd.js';
import { officialSdkVectors } from './files/officialSdk.js';
import { publicKeyVectors } from './files/publicKey.js';
import { roundtripInputs } from './files/roundtrip.js';
import { rsaOaepVectors } from './files/rsaOaep.js';

const OUT = fileURLToPath(new URL('../../test-vectors/', import.meta.url));

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  await initZstdWasm();
  const lib = ((zstdModule as unknown as { default?: typeof zstdModule }).default ?? zstdModule) as {
    compress(d: Uint8Array, level?: number): Uint8Array;
  };
  const z: Compressors = { zstd: (d, level = 3) => lib.compress(d, level) };
  const files = [
    apiKeyVectors(),
    discoveryVectors(),
    aeadVectors(),
    rsaOaepVectors(),
    publicKeyVectors(),
    envelopeCommonVectors(z),
    envelopeGzipVectors(),
    envelopeZstdVectors(z),
    officialSdkVectors(),
  ];
  const outputs = new Map<string, string>();
  for (const f of files) outputs.set(f.fileName, `${JSON.stringify(f, null, 1)}\n`);
  outputs.set('roundtrip/inputs.json', `${JSON.stringify(roundtripInputs(), null, 1)}\n`);

  let differences = 0;
  for (const [name, text] of outputs) {
    const path = `${OUT}${name}`;
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        // missing counts as different
      }
      if (current !== text) {
        differences++;
        console.error(`test-vectors/${name} differs from a fresh generation`);
      }
    } else {
      mkdirSync(fileURLToPath(new URL('.', `file://${path}`)), { recursive: true });
      writeFileSync(path, text);
      const tests = (JSON.parse(text) as { numberOfTests?: number }).numberOfTests;
      console.log(`wrote test-vectors/${name}${tests === undefined ? '' : ` (${tests} tests)`}`);
    }
  }
  if (check) {
    console.log(differences === 0 ? 'test vectors are up to date' : `${differences} vector file(s) out of date: run pnpm vectors:generate`);
    process.exitCode = differences === 0 ? 0 : 1;
  }
}

await main();
