import { constants, createCipheriv, createHash, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { type PeerSdk, PROFILES } from './sdks.js';

/** A byte source; `randomBytes` by default, a seeded one for deterministic vectors. */
export type Bytes = (n: number) => Uint8Array;
export const secureRandom: Bytes = (n) => new Uint8Array(randomBytes(n));

function mgf1(hash: string, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let counter = 0, at = 0; at < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const h = createHash(hash).update(seed).update(c).digest();
    out.set(h.subarray(0, Math.min(h.length, length - at)), at);
    at += h.length;
  }
  return out;
}

const xor = (a: Uint8Array, b: Uint8Array) => a.map((v, i) => v ^ (b[i] as number));

/**
 * The `encrypted_secret` an SDK sends in handshake/complete: RSA-OAEP with SHA-256 and an empty
 * label, MGF1 with the SDK's hash (SHA-1 in the Java SDK 3.0.1), as standard base64. The OAEP
 * encoding is done here (RFC 8017 §7.1.1) and the RSA step by Node without padding, because no
 * library call takes two different hashes.
 */
export function peerWrapSecret(sdk: PeerSdk, publicKeyPem: string, secret: Uint8Array, random: Bytes = secureRandom): string {
  const mgfHash = PROFILES[sdk].mgfHash;
  const k = (createPublicKey(publicKeyPem).asymmetricKeyDetails?.modulusLength ?? 0) / 8;
  const hLen = 32;
  // DB = lHash || PS (zeros) || 0x01 || M
  const db = new Uint8Array(k - hLen - 1);
  db.set(createHash('sha256').digest());
  db[db.length - secret.length - 1] = 1;
  db.set(secret, db.length - secret.length);
  const seed = random(hLen);
  const maskedDb = xor(db, mgf1(mgfHash, seed, db.length));
  const maskedSeed = xor(seed, mgf1(mgfHash, maskedDb, hLen));
  const em = Buffer.concat([Buffer.from([0]), maskedSeed, maskedDb]);
  return publicEncrypt({ key: publicKeyPem, padding: constants.RSA_NO_PADDING }, em).toString('base64');
}

/** One sealed entry as an SDK sends it: the part body and the values of its part headers. */
export interface PeerSealed {
  entryType: number;
  payloadType: 1;
  timestamp: string;
  keyId: string;
  nonce: Uint8Array;
  /** ciphertext || 16-byte tag */
  body: Uint8Array;
}

/**
 * Seals one plaintext as the SDK does: gzip (JS, Java) or, for the Go SDK with compression off,
 * the JSON bytes as they are, labelled payload_type 1 all the same; AES-256-GCM, no AAD.
 */
export function peerSeal(
  sdk: PeerSdk,
  key: Uint8Array,
  plaintext: Record<string, unknown>,
  header: { entryType: number; timestamp: string; keyId: string },
  options: SealOptions = {},
): PeerSealed {
  return peerSealBytes(sdk, key, Buffer.from(JSON.stringify(plaintext), 'utf8'), header, options);
}

export interface SealOptions {
  /** Nonce source (default: secure random). */
  random?: Bytes;
  /** The gzip compressor (default node:zlib); the vector generator passes a byte-stable one. */
  gzip?: (data: Uint8Array) => Uint8Array;
}

/** {@link peerSeal} for plaintext bytes as they are (for plaintexts JSON.stringify cannot write). */
export function peerSealBytes(
  sdk: PeerSdk,
  key: Uint8Array,
  json: Uint8Array,
  header: { entryType: number; timestamp: string; keyId: string },
  options: SealOptions = {},
): PeerSealed {
  const data = PROFILES[sdk].compression === 'gzip' ? (options.gzip ?? gzipSync)(json) : json;
  const nonce = (options.random ?? secureRandom)(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  const body = new Uint8Array(Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]));
  return { ...header, payloadType: 1, nonce, body };
}

/** A boundary as all three SDKs draw it: 32 lowercase hex digits. */
export function peerBoundary(random: Bytes = secureRandom): string {
  return Buffer.from(random(16)).toString('hex');
}

function partHeaders(e: PeerSealed): string {
  return (
    'Content-Type: application/octet-stream\r\n' +
    `X-LF-Entry-Type: ${e.entryType}\r\n` +
    `X-LF-Payload-Type: ${e.payloadType}\r\n` +
    `X-LF-Timestamp: ${e.timestamp}\r\n` +
    `X-LF-Key-ID: ${e.keyId}\r\n` +
    `X-LF-Nonce: ${Buffer.from(e.nonce).toString('base64')}\r\n` +
    '\r\n'
  );
}

/**
 * The multipart/mixed body of one ingest request. RFC 2046 framing puts CRLF before every
 * delimiter; the JS SDK 3.0.1 writes the second and later delimiters straight after the previous
 * part's last byte (`…<body>--<b>\r\nContent-Type: …`), and only the closing one with its CRLF.
 */
export function peerMultipartBody(sdk: PeerSdk, entries: readonly PeerSealed[], boundary: string): Uint8Array {
  const chunks: Buffer[] = [];
  entries.forEach((e, i) => {
    const lead = i === 0 || PROFILES[sdk].framing === 'js' ? '' : '\r\n';
    chunks.push(Buffer.from(`${lead}--${boundary}\r\n${partHeaders(e)}`, 'latin1'), Buffer.from(e.body));
  });
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(chunks));
}

/** The request headers of an ingest request: no `Idempotency-Key` (none of the SDKs sends one). */
export function peerIngestHeaders(sdk: PeerSdk, apiKey: string, boundary: string): Record<string, string> {
  return {
    Authorization: `Bearer ${apiKey}`,
    'Content-Type': `multipart/mixed; boundary=${boundary}`,
    'User-Agent': PROFILES[sdk].userAgent,
  };
}
