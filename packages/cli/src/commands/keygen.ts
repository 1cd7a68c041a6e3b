import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCustomerPublicKey } from '@logflux/core';
import { type CommandIo, UsageError, write } from '../io.js';
import { readPassphrase } from '../secrets.js';

export const KEYGEN_HELP = `logflux keygen [--out logflux] [--bits 4096] [--passphrase-env VAR | --passphrase-file PATH] [--force]

Generates the customer's RSA key pair: <out>.key.pem (PKCS#8, mode 0600, encrypted with
AES-256-CBC when a passphrase is given) and <out>.pub.pem (SubjectPublicKeyInfo). Prints the
public key's fingerprint, the value to pin in SDK configuration. The private key never leaves
this machine; keep it out of the systems that send logs.`;

export async function keygenCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string', default: 'logflux' },
      bits: { type: 'string', default: '4096' },
      'passphrase-env': { type: 'string' },
      'passphrase-file': { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return write(io.stdout, `${KEYGEN_HELP}\n`).then(() => 0);
  const bits = Number(values.bits);
  if (bits !== 4096 && bits !== 8192) throw new UsageError('--bits must be 4096 or 8192');
  const privatePath = `${values.out}.key.pem`;
  const publicPath = `${values.out}.pub.pem`;
  for (const p of [privatePath, publicPath]) {
    if (existsSync(p) && !values.force) throw new UsageError(`${p} exists; pass --force to replace it`);
  }
  const passphrase = readPassphrase(values);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', ...(passphrase !== undefined ? { cipher: 'aes-256-cbc', passphrase } : {}) },
  });
  writeFileSync(privatePath, privateKey, { mode: 0o600, flag: values.force ? 'w' : 'wx' });
  chmodSync(privatePath, 0o600);
  writeFileSync(publicPath, publicKey, { mode: 0o644, flag: values.force ? 'w' : 'wx' });
  const { fingerprint } = await parseCustomerPublicKey(publicKey);
  await write(
    io.stdout,
    `private key: ${privatePath} (mode 0600${passphrase !== undefined ? ', encrypted' : ''})\npublic key:  ${publicPath}\nfingerprint: ${fingerprint}\n`,
  );
  return 0;
}
