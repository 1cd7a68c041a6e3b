const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}

/** Decodes lowercase or uppercase hex; throws a plain Error on anything else (programmer input). */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error('invalid hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * The first index of `needle` in `hay` at or after `from`, or -1. The search looks for the
 * needle's byte at `anchor` first (default its first byte): a byte rare in `hay` makes it faster.
 */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0, anchor = 0): number {
  const key = needle[anchor] as number;
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(key, from + anchor); i >= 0 && i - anchor <= last; i = hay.indexOf(key, i + 1)) {
    const start = i - anchor;
    let j = 0;
    while (j < needle.length && hay[start + j] === needle[j]) j++;
    if (j === needle.length) return start;
  }
  return -1;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const encoder = new TextEncoder();

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Overwrites a secret buffer so it does not linger in memory longer than needed. */
export function wipe(bytes: Uint8Array | undefined): void {
  bytes?.fill(0);
}
