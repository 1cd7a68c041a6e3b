import { LogFluxError } from '@logflux/core/codecs';

/** Lazily loaded chunk: what decoding needs (decoding is not needed to send logs). */
export { gunzipStrict } from '@logflux/core/codecs';

const buf = (b: Uint8Array) => b as Uint8Array<ArrayBuffer>;

/** AES-256-GCM decryption through Web Crypto (`webCryptoAead.open`); nonce and tag lengths checked before Web Crypto sees them. */
export async function webCryptoOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  try {
    if (nonce.length !== 12 || sealed.length < 16) throw 0;
    const aesKey = await crypto.subtle.importKey('raw', buf(key), 'AES-GCM', false, ['decrypt']);
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: buf(nonce) }, aesKey, buf(sealed)));
  } catch (cause) {
    throw new LogFluxError('auth', 'authentication failed: wrong key or tampered ciphertext', { cause });
  }
}
