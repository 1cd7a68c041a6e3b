import { peerWrapSecret } from '../../peer-sdks/index.js';
import { drbg } from '../drbg.js';
import { readKey } from '../keys.js';
import { oaepEncrypt } from '../oaep.js';
import { b64, hex, utf8 } from '../seal.js';
import { VectorFile } from '../vectorFile.js';
import { envelopeTests } from './officialSdkEnvelope.js';
import { multipartTests } from './officialSdkMultipart.js';
import { NOTES } from './officialSdkShared.js';

export function officialSdkVectors(): VectorFile {
  const f = new VectorFile(
    'official_sdk_3_0_1_test.json',
    'LogFlux-Official-SDK-3.0.1',
    'logflux_official_sdk_test_schema_v1.json',
    [
      'What the official LogFlux SDKs 3.0.1 (JS, Java, Go) put on the wire, and what a decoder that applies',
      'the compatibility rules of docs/protocol.md §7.8 and §8.4.1 reads from it. Each test also says what a',
      'strict decoder (§7 and RFC 2046 only) reports: strictResult and strictErrorClass.',
    ],
    NOTES,
  );
  const rnd = drbg('official-sdk');
  keyUnwrapTests(f, rnd);
  const key = rnd(32);
  envelopeTests(f, key, rnd);
  multipartTests(f, key, rnd);
  return f;
}

function keyUnwrapTests(f: VectorFile, rnd: (n: number) => Uint8Array): void {
  const publicKeyPem = readKey('test-rsa-4096-public.pem');
  const privateKeyPem = readKey('test-rsa-4096-private.pem');
  const t = f.group('OfficialSdkKeyUnwrapTest', { keySize: 4096, privateKeyPem, publicKeyPem });
  for (const sdk of ['js', 'java', 'go'] as const) {
    const secret = rnd(32);
    const strict = sdk === 'java' ? { strictResult: 'invalid', strictErrorClass: 'oaep' } : { strictResult: 'valid' };
    t({
      comment: `${sdk} SDK session key`,
      flags: [sdk === 'java' ? 'Java' : sdk === 'js' ? 'Js' : 'Go', 'KeyWrap'],
      sdk,
      encryptedSecret: peerWrapSecret(sdk, publicKeyPem, secret, rnd),
      result: 'valid',
      secret: hex(secret),
      keyWrap: sdk === 'java' ? 'mgf1_sha1' : 'mgf1_sha256',
      ...strict,
    });
  }
  const bad = (comment: string, encryptedSecret: string, errorClass: string, strictErrorClass = errorClass) =>
    t({
      comment,
      flags: ['Synthetic', 'KeyWrap'],
      encryptedSecret,
      result: 'invalid',
      errorClass,
      strictResult: 'invalid',
      strictErrorClass,
    });
  const secret = rnd(32);
  bad('a random 512-byte encrypted_secret', b64(rnd(512)), 'oaep');
  bad('a 256-byte encrypted_secret (not the 4096-bit modulus length)', b64(rnd(256)), 'oaep');
  bad('SHA-1 for both hash and MGF', b64(oaepEncrypt(publicKeyPem, secret, rnd, { hash: 'sha1', mgfHash: 'sha1' })), 'oaep');
  bad(
    'MGF1-SHA-1 with a label',
    b64(oaepEncrypt(publicKeyPem, secret, rnd, { hash: 'sha256', mgfHash: 'sha1', label: utf8('logflux') })),
    'oaep',
  );
  bad(
    'MGF1-SHA-1 wrap of a 16-byte secret',
    b64(oaepEncrypt(publicKeyPem, rnd(16), rnd, { hash: 'sha256', mgfHash: 'sha1' })),
    'secret_length',
    'oaep',
  );
}
