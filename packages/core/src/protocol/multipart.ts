import { concatBytes, indexOfBytes, utf8Encode } from '../bytes.js';
import { PART_HEADER_NAMES } from '../codec/partHeaders.js';
import type { EntryType, PayloadType } from '../limits.js';
import type { RandomSource } from '../providers.js';

/**
 * Multipart batches (docs/protocol.md §8.4, RFC 2046 §5.1): one part per entry, the sealed payload
 * as raw bytes. A part here is its header lines, the empty line and the payload; the CRLF before
 * every delimiter belongs to the delimiter, so a part never ends in one of ours.
 */

const CRLF = '\r\n';
/** Taken apart once, not per part (this runs for every entry). */
const [TYPE, ENTRY, PAYLOAD, TIME, KEY, NONCE] = PART_HEADER_NAMES;

/** Whether a key id can travel as an `X-LF-Key-ID` header value (visible ASCII, inner spaces). */
export function isHeaderSafe(value: string): boolean {
  return /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value);
}

/** A part's header block: the six part headers of §8.4 and the empty line (ASCII). */
export function multipartPartHead(
  timestamp: string,
  entryType: EntryType,
  payloadType: PayloadType,
  keyId: string,
  nonceBase64: string,
): string {
  return (
    `${TYPE}: application/octet-stream${CRLF}${ENTRY}: ${entryType}${CRLF}${PAYLOAD}: ${payloadType}${CRLF}` +
    `${TIME}: ${timestamp}${CRLF}${KEY}: ${keyId}${CRLF}${NONCE}: ${nonceBase64}${CRLF}${CRLF}`
  );
}

/** One part: its header block, then the raw sealed payload (ciphertext ‖ tag). */
export function multipartPart(
  timestamp: string,
  entryType: EntryType,
  payloadType: PayloadType,
  keyId: string,
  nonceBase64: string,
  payload: Uint8Array,
  encode: (text: string) => Uint8Array = utf8Encode,
): Uint8Array {
  const head = encode(multipartPartHead(timestamp, entryType, payloadType, keyId, nonceBase64));
  const part = new Uint8Array(head.length + payload.length);
  part.set(head, 0);
  part.set(payload, head.length);
  return part;
}

/** A random boundary of 35 characters (`lf-` and 32 hex digits), needing no quoting. */
export function newBoundary(random: RandomSource): string {
  let hex = '';
  for (const b of random(16)) hex += b.toString(16).padStart(2, '0');
  return `lf-${hex}`;
}

/** The Content-Type of a multipart batch. */
export function multipartContentType(boundary: string): string {
  return `multipart/mixed; boundary=${boundary}`;
}

/** Bytes the framing adds to `parts` parts with a boundary of `boundaryLength` characters. */
export function multipartOverhead(parts: number, boundaryLength: number): number {
  // "--b" CRLF before the first, CRLF "--b" CRLF between, CRLF "--b--" CRLF at the end.
  return boundaryLength + 4 + (parts - 1) * (boundaryLength + 6) + boundaryLength + 8;
}

/**
 * A multipart body of `parts`, with a fresh boundary checked against every part (another is drawn
 * on a collision, as the spec requires). Returns the body and its Content-Type.
 */
export function multipartBody(parts: readonly Uint8Array[], random: RandomSource): { body: Uint8Array; contentType: string } {
  for (;;) {
    const boundary = newBoundary(random);
    const marker = utf8Encode(`--${boundary}`);
    // Searched by the `f` of `--lf-`: dashes and digits fill the part headers, lowercase f is rare there.
    if (parts.some((p) => indexOfBytes(p, marker, 0, 3) >= 0)) continue;
    const open = utf8Encode(`--${boundary}${CRLF}`);
    const between = utf8Encode(`${CRLF}--${boundary}${CRLF}`);
    const close = utf8Encode(`${CRLF}--${boundary}--${CRLF}`);
    const pieces: Uint8Array[] = [open];
    parts.forEach((p, i) => {
      if (i > 0) pieces.push(between);
      pieces.push(p);
    });
    pieces.push(close);
    return { body: concatBytes(pieces), contentType: multipartContentType(boundary) };
  }
}
