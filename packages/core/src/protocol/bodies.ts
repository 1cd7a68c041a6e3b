import type { RandomSource } from '../providers.js';
import { JSON_CONTENT_TYPE } from './endpoints.js';
import { multipartBody, multipartOverhead } from './multipart.js';

/**
 * Batch request bodies (docs/protocol.md §8.3, §8.4). A sealed batch is a list of pieces in one
 * format — envelope JSON texts for `POST /v1/batch`, multipart parts for `POST /v1/ingest` — and a
 * body is those pieces framed. Pieces are the unit of size accounting and of 413 splits.
 */
export type BodyFormat = 'json' | 'multipart';

export type SealedPieces = { format: 'json'; pieces: string[] } | { format: 'multipart'; pieces: Uint8Array[] };

export interface RequestBody {
  body: string | Uint8Array;
  contentType: string;
}

/** The JSON batch body for sealed envelopes. */
export function batchBody(envelopes: readonly string[]): string {
  return `{"entries":[${envelopes.join(',')}]}`;
}

/** Frames sealed pieces as a request body of their format. */
export function requestBody(sealed: SealedPieces, random: RandomSource): RequestBody {
  if (sealed.format === 'json') return { body: batchBody(sealed.pieces), contentType: JSON_CONTENT_TYPE };
  return multipartBody(sealed.pieces, random);
}

const JSON_FRAME = '{"entries":[]}'.length;
const BOUNDARY = 35;

/** Bytes of the body `pieces` make (envelope texts are ASCII: length is bytes). */
export function framedBytes(format: BodyFormat, pieceSizes: readonly number[]): number {
  let n = 0;
  for (const s of pieceSizes) n += s;
  if (format === 'json') return JSON_FRAME + n + Math.max(0, pieceSizes.length - 1);
  return n + multipartOverhead(pieceSizes.length, BOUNDARY);
}

/** Bytes of one piece. */
export function pieceSize(piece: string | Uint8Array): number {
  return piece.length;
}

/**
 * Splits a sealed batch into runs whose bodies stay within `maxBytes`; `items` (the entries the
 * pieces hold, in the same order) are split alongside. A piece too large on its own is a run of one.
 */
export function splitBySize<T, P extends string | Uint8Array>(
  items: readonly T[],
  pieces: readonly P[],
  format: BodyFormat,
  maxBytes: number,
): { items: T[]; pieces: P[] }[] {
  const runs: { items: T[]; pieces: P[] }[] = [];
  const empty = framedBytes(format, []);
  const between = format === 'json' ? 1 : BOUNDARY + 6;
  let start = 0;
  let size = empty;
  for (let i = 0; i < pieces.length; i++) {
    const add = pieceSize(pieces[i] as P) + (i > start ? between : 0);
    if (i > start && size + add > maxBytes) {
      runs.push({ items: items.slice(start, i), pieces: pieces.slice(start, i) });
      start = i;
      size = empty + pieceSize(pieces[i] as P);
      continue;
    }
    size += add;
  }
  if (start < pieces.length) runs.push({ items: items.slice(start), pieces: pieces.slice(start) });
  return runs;
}
