import { createHash, createPublicKey } from 'node:crypto';
import { readKey } from '../keys.js';
import { VectorFile } from '../vectorFile.js';

export function fingerprint(pem: string): string {
  const der = createPublicKey(pem).export({ format: 'der', type: 'spki' });
  return `SHA256:${createHash('sha256').update(der).digest('hex')}`;
}

export function publicKeyVectors(): VectorFile {
  const f = new VectorFile(
    'public_key_test.json',
    'LogFlux-PublicKey',
    'logflux_public_key_test_schema_v1.json',
    ["Checks on the customer's public key returned by handshake/init: format, size, fingerprint, pinning (docs/protocol.md §4.2)."],
    {
      Fingerprint: 'Fingerprint = SHA256: + lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.',
      Pin: 'A configured pin that matches.',
      PinMismatch: 'A configured pin that does not match: the handshake must stop before the session key is sent.',
      PinFormat: 'A pin that is neither a fingerprint nor a PEM public key.',
      Small: 'An RSA key under 4096 bits.',
      NotRsa: 'Not an RSA key.',
      Malformed: 'Not a PEM SubjectPublicKeyInfo at all.',
    },
  );
  const rsa4096 = readKey('test-rsa-4096-public.pem');
  const rsa2048 = readKey('test-rsa-2048-public.pem');
  const ec = readKey('test-ec-p256-public.pem');
  const fp = fingerprint(rsa4096);
  const t = f.group('PublicKeyTest');
  t({
    comment: 'test key fingerprint',
    flags: ['Fingerprint'],
    publicKeyPem: rsa4096,
    result: 'valid',
    fingerprint: fp,
    modulusBits: 4096,
  });
  t({
    comment: 'pinned by fingerprint',
    flags: ['Pin'],
    publicKeyPem: rsa4096,
    pin: fp,
    result: 'valid',
    fingerprint: fp,
    modulusBits: 4096,
  });
  t({
    comment: 'pinned by uppercase hex fingerprint',
    flags: ['Pin'],
    publicKeyPem: rsa4096,
    pin: `SHA256:${fp.slice(7).toUpperCase()}`,
    result: 'valid',
    fingerprint: fp,
    modulusBits: 4096,
  });
  t({ comment: 'pinned by PEM', flags: ['Pin'], publicKeyPem: rsa4096, pin: rsa4096, result: 'valid', fingerprint: fp, modulusBits: 4096 });
  t({
    comment: 'pinned to another key',
    flags: ['PinMismatch'],
    publicKeyPem: rsa4096,
    pin: fingerprint(rsa2048),
    result: 'invalid',
    errorClass: 'pin_mismatch',
  });
  t({
    comment: 'pin off by one digit',
    flags: ['PinMismatch'],
    publicKeyPem: rsa4096,
    pin: `${fp.slice(0, -1)}${fp.endsWith('0') ? '1' : '0'}`,
    result: 'invalid',
    errorClass: 'pin_mismatch',
  });
  t({
    comment: 'pin without prefix',
    flags: ['PinFormat'],
    publicKeyPem: rsa4096,
    pin: fp.slice(7),
    result: 'invalid',
    errorClass: 'pin_format',
  });
  t({
    comment: 'pin with lowercase prefix',
    flags: ['PinFormat'],
    publicKeyPem: rsa4096,
    pin: `sha256:${fp.slice(7)}`,
    result: 'invalid',
    errorClass: 'pin_format',
  });
  t({
    comment: 'pin too short',
    flags: ['PinFormat'],
    publicKeyPem: rsa4096,
    pin: fp.slice(0, -2),
    result: 'invalid',
    errorClass: 'pin_format',
  });
  t({ comment: '2048-bit key', flags: ['Small'], publicKeyPem: rsa2048, result: 'invalid', errorClass: 'key_too_small' });
  t({ comment: 'EC P-256 key', flags: ['NotRsa'], publicKeyPem: ec, result: 'invalid', errorClass: 'key_format' });
  t({ comment: 'not PEM', flags: ['Malformed'], publicKeyPem: 'ssh-rsa AAAAB3NzaC1yc2E', result: 'invalid', errorClass: 'key_format' });
  t({
    comment: 'PEM body truncated',
    flags: ['Malformed'],
    publicKeyPem: `${rsa4096.slice(0, 200)}\n-----END PUBLIC KEY-----\n`,
    result: 'invalid',
    errorClass: 'key_format',
  });
  return f;
}
