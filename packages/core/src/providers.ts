/**
 * The seams through which a runtime plugs in faster or platform-specific primitives. Core ships
 * portable implementations ({@link portableProviders}); `@logflux/node` and `@logflux/browser`
 * supply native ones. Every implementation must pass the test vectors in `test-vectors/`.
 * Results may be synchronous or promises; the codec awaits either.
 */

/** AES-256-GCM with a 12-byte nonce, a 16-byte tag appended to the ciphertext, and no AAD. */
export interface AeadProvider {
  readonly name: string;
  /** Returns ciphertext || tag. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** Takes ciphertext || tag; throws a LogFluxError of class `auth` if authentication fails. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** One compression format (gzip for payload type 1, zstd for payload type 2). */
export interface CompressionProvider {
  readonly name: string;
  compress(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /**
   * Decompresses following docs/protocol.md §7 strictly. Throws a LogFluxError of class
   * `decompress` for malformed input and `size_limit` once the output would exceed `limit` bytes,
   * never allocating much more than `limit`.
   */
  decompress(data: Uint8Array, limit: number): Uint8Array | Promise<Uint8Array>;
}

/** A cryptographically secure random source. */
export type RandomSource = (length: number) => Uint8Array;

/** The full set of primitives the codec needs. */
export interface CodecProviders {
  readonly aead: AeadProvider;
  readonly gzip: CompressionProvider;
  readonly zstd: CompressionProvider;
  readonly random: RandomSource;
  /** Optional faster UTF-8 encoder (e.g. Node's Buffer.from). */
  readonly utf8?: (text: string) => Uint8Array;
  /** Optional faster standard base64 (e.g. Node's Buffer); must match RFC 4648 §4 with padding. */
  readonly base64?: (bytes: Uint8Array) => string;
  /**
   * Optional SHA-256 for public-key fingerprints. Default: Web Crypto (`crypto.subtle`), which
   * browsers expose only in secure contexts; a runtime supplies this where it is missing.
   */
  readonly sha256?: (data: Uint8Array) => Promise<Uint8Array>;
  /**
   * Optional RSA-OAEP encryption (SHA-256, MGF1-SHA-256, empty label) under a DER
   * SubjectPublicKeyInfo, for wrapping the session key. Default: Web Crypto, as for `sha256`.
   */
  readonly rsaOaepEncrypt?: (spki: Uint8Array, data: Uint8Array) => Promise<Uint8Array>;
  /**
   * Optional reading of an RSA SubjectPublicKeyInfo's modulus size (the customer key's size
   * check), refusing anything else with `key_format`. Default: Web Crypto, as for `sha256`; core's
   * DER walker (`rsaModulusBits`) is the replacement where it is missing.
   */
  readonly rsaModulusBits?: (spki: Uint8Array) => number | Promise<number>;
}
