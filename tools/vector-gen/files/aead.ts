import { drbg } from '../drbg.js';
import { gcmSeal, hex } from '../seal.js';
import { VectorFile } from '../vectorFile.js';

export function aeadVectors(): VectorFile {
  const f = new VectorFile(
    'aes_256_gcm_test.json',
    'AES-256-GCM',
    'logflux_aead_test_schema_v1.json',
    [
      'AES-256-GCM as used for payloads: 12-byte nonce, 16-byte tag appended, no associated data.',
      'Valid tests are byte-exact in both directions (seal and open).',
    ],
    {
      Normal: 'A regular seal with fixed key and nonce.',
      Empty: 'Empty plaintext: the payload is the tag alone.',
      BlockBoundary: 'Plaintext lengths around the 16-byte block size.',
      ModifiedTag: 'A bit of the tag is flipped.',
      ModifiedCiphertext: 'A bit of the ciphertext is flipped.',
      WrongKey: 'Sealed under another key.',
      WrongNonce: 'Opened with another nonce.',
    },
  );
  const rnd = drbg('aead');
  const key = rnd(32);
  const t = f.group('AeadTest', { keySize: 256, ivSize: 96, tagSize: 128 });
  for (const len of [0, 1, 15, 16, 17, 31, 32, 33, 64, 289, 1000]) {
    const nonce = rnd(12);
    const pt = rnd(len);
    t({
      comment: `seal ${len} bytes`,
      flags: [len === 0 ? 'Empty' : len % 16 <= 1 || len % 16 === 15 ? 'BlockBoundary' : 'Normal'],
      key: hex(key),
      nonce: hex(nonce),
      plaintext: hex(pt),
      ciphertext: hex(gcmSeal(key, nonce, pt)),
      result: 'valid',
    });
  }
  const nonce = rnd(12);
  const pt = new TextEncoder().encode('{"message":"known answer"}');
  const good = gcmSeal(key, nonce, pt);
  const flip = (at: number, bit: number) => {
    const c = good.slice();
    c[at] = (c[at] as number) ^ (1 << bit);
    return c;
  };
  const bad = (comment: string, flag: string, c: Uint8Array, k = key, n = nonce) =>
    t({
      comment,
      flags: [flag],
      key: hex(k),
      nonce: hex(n),
      plaintext: hex(pt),
      ciphertext: hex(c),
      result: 'invalid',
      errorClass: 'auth',
    });
  bad('first tag bit flipped', 'ModifiedTag', flip(good.length - 16, 0));
  bad('last tag bit flipped', 'ModifiedTag', flip(good.length - 1, 7));
  bad('first ciphertext bit flipped', 'ModifiedCiphertext', flip(0, 0));
  bad('middle ciphertext bit flipped', 'ModifiedCiphertext', flip(10, 3));
  bad('sealed under another key', 'WrongKey', gcmSeal(rnd(32), nonce, pt));
  bad('opened with another nonce', 'WrongNonce', good, key, rnd(12));
  return f;
}
