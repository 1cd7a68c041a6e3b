import { indexOfBytes, utf8Encode } from '../bytes.js';
import { envelopeToJson } from '../codec/envelope.js';
import { multipartBoundary, parseMultipart } from '../codec/multipart.js';
import { multipartPartEnvelope } from '../codec/multipartPart.js';
import { LogFluxError } from '../errors.js';
import type { EntryType, PayloadType } from '../limits.js';
import { utf8DecodeStrict } from '../utf8Strict.js';
import type { SealedPieces } from './bodies.js';
import { multipartPart } from './multipart.js';

/**
 * Reading bodies this protocol module framed back into their pieces: a stored batch split after a
 * 413, or re-framed as JSON for a service that stopped taking multipart. Kept apart from the
 * writers (bodies.ts, multipart.ts) because only a client's offline parts need it: a page's first
 * load does not carry the multipart parser.
 */

const CRLF = '\r\n';
const CRLF2 = utf8Encode('\r\n\r\n');

/** Splits a multipart body this module wrote back into its parts (for a 413 split of a stored batch). */
export function multipartParts(body: Uint8Array, boundary: string): Uint8Array[] {
  return parseMultipart(body, boundary).parts.map((p) =>
    multipartPart(
      p.headers.get('x-lf-timestamp') ?? '',
      Number(p.headers.get('x-lf-entry-type')) as EntryType,
      Number(p.headers.get('x-lf-payload-type')) as PayloadType,
      p.headers.get('x-lf-key-id') ?? '',
      p.headers.get('x-lf-nonce') ?? '',
      p.body,
    ),
  );
}

/** The envelope JSON text of a part this module wrote (a multipart batch re-sent as JSON). */
export function partToEnvelope(part: Uint8Array): string {
  const end = indexOfBytes(part, CRLF2);
  if (end < 0) throw new LogFluxError('multipart_framing', 'a stored multipart part has no header end');
  const headers = new Map<string, string>();
  for (const line of new TextDecoder('latin1').decode(part.subarray(0, end)).split(CRLF)) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return envelopeToJson(multipartPartEnvelope({ headers, body: part.subarray(end + 4) }));
}

/** The pieces of a body this module framed (a stored batch, to split or re-frame it). */
export function piecesOfBody(body: string | Uint8Array, contentType: string | undefined): SealedPieces {
  const boundary = contentType ? multipartBoundary(contentType) : undefined;
  if (boundary !== undefined) {
    const bytes = typeof body === 'string' ? utf8Encode(body) : body;
    return { format: 'multipart', pieces: multipartParts(bytes, boundary) };
  }
  const text = typeof body === 'string' ? body : utf8DecodeStrict(body);
  let entries: unknown;
  try {
    entries = (JSON.parse(text) as { entries?: unknown }).entries;
  } catch {
    entries = undefined;
  }
  if (!Array.isArray(entries)) throw new LogFluxError('field_type', 'a stored batch body is malformed');
  // Envelope texts are written in field order; JSON.stringify of the parsed object gives them back.
  return { format: 'json', pieces: entries.map((e) => JSON.stringify(e)) };
}

/** The same sealed entries as JSON envelopes (for a service that stopped taking multipart). */
export function asJsonPieces(sealed: SealedPieces): string[] {
  return sealed.format === 'json' ? sealed.pieces : sealed.pieces.map(partToEnvelope);
}
