import { drbg } from '../drbg.js';
import { readKey } from '../keys.js';
import { type OaepParams, oaepEncrypt, rsaPublicNumbers } from '../oaep.js';
import { b64, hex } from '../seal.js';
import { VectorFile } from '../vectorFile.js';

export function rsaOaepVectors(): VectorFile {
  const f = new VectorFile(
    'rsa_oaep_4096_sha256_mgf1sha256_test.json',
    'RSA-OAEP-4096-SHA256-MGF1SHA256',
    'logflux_rsa_oaep_unwrap_test_schema_v1.json',
    [
      'Session-key unwrap for handshake/complete: RSA-OAEP, SHA-256, MGF1 with SHA-256, empty label (docs/protocol.md §4.3).',
      'Decrypt-only: ciphertexts are made deterministically from seeded OAEP padding. TEST-ONLY key.',
    ],
    {
      Valid: 'A correctly wrapped 32-byte session key.',
      Mgf1Sha1: 'Wrapped with MGF1-SHA-1 (what Java produces for OAEPWithSHA-256AndMGF1Padding by default).',
      Sha1: 'Wrapped with SHA-1 for both hash and MGF.',
      Label: 'Wrapped with a non-empty OAEP label.',
      Length: 'The ciphertext is not exactly the modulus length.',
      Tampered: 'A bit of the ciphertext is flipped.',
      TooLarge: 'The ciphertext as an integer is not below the modulus.',
      SecretLength: 'Decrypts correctly, but not to 32 bytes.',
      Base64: 'encrypted_secret is not canonical base64.',
    },
  );
  const publicKeyPem = readKey('test-rsa-4096-public.pem');
  const privateKeyPem = readKey('test-rsa-4096-private.pem');
  const t = f.group('RsaOaepUnwrapTest', { keySize: 4096, sha: 'SHA-256', mgfSha: 'SHA-256', privateKeyPem, publicKeyPem });
  const rnd = drbg('rsa-oaep');
  const good: OaepParams = { hash: 'sha256', mgfHash: 'sha256' };
  const wrap = (secret: Uint8Array, p: OaepParams) => oaepEncrypt(publicKeyPem, secret, rnd, p);
  for (let i = 0; i < 4; i++) {
    const secret = rnd(32);
    t({ comment: `valid wrap ${i + 1}`, flags: ['Valid'], encryptedSecret: b64(wrap(secret, good)), result: 'valid', secret: hex(secret) });
  }
  const secret = rnd(32);
  const ok = wrap(secret, good);
  const bad = (comment: string, flag: string, c: Uint8Array | string, errorClass = 'oaep') =>
    t({ comment, flags: [flag], encryptedSecret: typeof c === 'string' ? c : b64(c), result: 'invalid', errorClass });
  bad('MGF1 with SHA-1', 'Mgf1Sha1', wrap(secret, { hash: 'sha256', mgfHash: 'sha1' }));
  bad('SHA-1 hash and MGF1-SHA-1', 'Sha1', wrap(secret, { hash: 'sha1', mgfHash: 'sha1' }));
  bad('label "logflux"', 'Label', wrap(secret, { ...good, label: new TextEncoder().encode('logflux') }));
  bad('ciphertext one byte short', 'Length', ok.subarray(1));
  bad('ciphertext one byte long', 'Length', new Uint8Array([0, ...ok]));
  bad('empty ciphertext', 'Length', new Uint8Array(0));
  const flipped = ok.slice();
  flipped[100] = (flipped[100] as number) ^ 1;
  bad('bit flipped', 'Tampered', flipped);
  const { n, k } = rsaPublicNumbers(publicKeyPem);
  bad('ciphertext equal to the modulus', 'TooLarge', new Uint8Array(Buffer.from(n.toString(16).padStart(k * 2, '0'), 'hex')));
  bad('16-byte secret', 'SecretLength', wrap(rnd(16), good), 'secret_length');
  bad('33-byte secret', 'SecretLength', wrap(rnd(33), good), 'secret_length');
  bad('empty secret', 'SecretLength', wrap(new Uint8Array(0), good), 'secret_length');
  const text = b64(ok);
  bad(
    'URL-safe base64',
    'Base64',
    text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') + (text.includes('+') || text.includes('/') ? '' : '-'),
    'base64',
  );
  bad('base64 with a line break', 'Base64', `${text.slice(0, 64)}\n${text.slice(64)}`, 'base64');
  return f;
}
