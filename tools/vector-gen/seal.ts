import { createCipheriv } from 'node:crypto';

/** AES-256-GCM through node:crypto (independent of the SDK's providers), tag appended. */
export function gcmSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, tagLength = 16): Uint8Array {
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLength });
  return new Uint8Array(Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]));
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
export const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
export const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
