import { LogFluxError } from '../errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Strict standard base64 decoding: see {@link base64DecodeStrict}. */
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

type NativeBytes = Uint8Array & { toString(encoding: 'base64'): string };
// Looked up, never imported: core runs where there is no Buffer (browsers) and then uses the loop.
const NativeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: 'base64'): NativeBytes } }).Buffer;

function fail(what: string, reason: string): never {
  throw new LogFluxError('base64', `${what} is not canonical standard base64: ${reason}`);
}

/**
 * Strict standard base64 decoding (docs/protocol.md §7.1): only the RFC 4648 §4 alphabet, length a
 * multiple of four, `=` only as the last one or two characters, and the unused bits of the last
 * data character zero. No whitespace, no URL-safe characters. `what` names the field in errors.
 */
export function base64DecodeStrict(text: string, what = 'value'): Uint8Array {
  // Where a native decoder exists (Node's Buffer): it is lenient, but a text that its decoding
  // re-encodes to exactly is canonical strict base64, decoded the same way. Anything else goes
  // through the loop below, which names the reason it is refused.
  if (NativeBuffer !== undefined) {
    const b = NativeBuffer.from(text, 'base64');
    if (b.toString('base64') === text) return new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  const len = text.length;
  if (len % 4 !== 0) fail(what, 'length is not a multiple of 4');
  if (len === 0) return new Uint8Array(0);
  let pad = 0;
  if (text.charCodeAt(len - 1) === 61) pad = text.charCodeAt(len - 2) === 61 ? 2 : 1;
  const out = new Uint8Array((len / 4) * 3 - pad);
  const dataLen = len - pad;
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < dataLen; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (DECODE[c] as number) : -1;
    if (v < 0) fail(what, c === 61 ? 'padding before the end' : 'character outside the standard alphabet');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) fail(what, 'non-zero bits after the last byte');
  return out;
}
