/**
 * Standard base64 (RFC 4648 §4) with padding, through `btoa` (browsers, Node ≥ 16). The strict
 * decoder is base64Strict.ts: a page's first chunk only encodes.
 */
export function base64Encode(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  return btoa(binary);
}
