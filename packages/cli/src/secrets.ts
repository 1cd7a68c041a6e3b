import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { importPrivateKeyPem } from '@logflux/core';
import { UsageError } from './io.js';

/** Where a passphrase comes from: never the command line, where other users could read it. */
export interface PassphraseSource {
  'passphrase-env'?: string;
  'passphrase-file'?: string;
}

export function readPassphrase(source: PassphraseSource): string | undefined {
  if (source['passphrase-env'] !== undefined) {
    const value = process.env[source['passphrase-env']];
    if (value === undefined || value === '') throw new UsageError(`environment variable ${source['passphrase-env']} is empty or unset`);
    return value;
  }
  if (source['passphrase-file'] !== undefined) {
    try {
      return readFileSync(source['passphrase-file'], 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new UsageError(`cannot read the passphrase file ${source['passphrase-file']}`);
    }
  }
  return undefined;
}

/** Reads the customer's private key (PEM, optionally passphrase-encrypted) as a Node key object. */
export function readPrivateKeyObject(path: string, passphrase: string | undefined): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read the private key file ${path} (create one with "logflux keygen")`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem', ...(passphrase !== undefined ? { passphrase } : {}) });
  } catch (error) {
    const encrypted = pem.includes('ENCRYPTED');
    if (encrypted && passphrase === undefined) throw new UsageError(`${path} is encrypted: give --passphrase-env or --passphrase-file`);
    if (encrypted) throw new UsageError(`wrong passphrase for ${path}`);
    throw new UsageError(`${path} is not a PEM private key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new UsageError(`${path} is not an RSA private key`);
  return key;
}

/**
 * Loads the customer's private key (PKCS#8 PEM, optionally passphrase-encrypted) as a Web Crypto
 * key for unwrapping session keys. The decrypted PEM exists only briefly in this process.
 */
export async function loadPrivateKey(path: string, passphrase: string | undefined): Promise<CryptoKey> {
  const plain = readPrivateKeyObject(path, passphrase).export({ type: 'pkcs8', format: 'pem' }).toString();
  return importPrivateKeyPem(plain);
}
