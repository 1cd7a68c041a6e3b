import { gcm } from '@noble/ciphers/aes';
import { LogFluxError } from '../errors.js';
import type { AeadProvider } from '../providers.js';

/** Portable AES-256-GCM from `@noble/ciphers` (pure JavaScript, audited, constant-time tables). */
export const nobleAead: AeadProvider = {
  name: 'noble-aes-gcm',
  seal(key, nonce, plaintext) {
    return gcm(key, nonce).encrypt(plaintext);
  },
  open(key, nonce, sealed) {
    try {
      return gcm(key, nonce).decrypt(sealed);
    } catch (error) {
      throw new LogFluxError('auth', 'authentication failed: wrong key or tampered ciphertext', { cause: error });
    }
  },
};
