/** How a batch travels to a sealing thread, and the messages between {@link SealPool} and it. */
import type { BodyFormat, PlainRecord, SealedPieces } from '@logflux/core';

/**
 * A batch of serialised entries: their JSON texts joined by newlines, their timestamps likewise,
 * and their entry types. One string each clones far faster than arrays of short strings, and
 * encodes to UTF-8 in one call. JSON.stringify output never contains a raw newline, and neither do
 * timestamps or envelopes.
 */
export interface JoinedBatch {
  json: string;
  ts: string;
  types: Uint8Array;
}

export function joinBatch(entries: readonly PlainRecord[]): JoinedBatch {
  let json = '';
  let ts = '';
  const types = new Uint8Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as PlainRecord;
    json += i === 0 ? e.json : `\n${e.json}`;
    ts += i === 0 ? e.ts : `\n${e.ts}`;
    types[i] = e.type;
  }
  return { json, ts, types };
}

/**
 * A sealed batch as it crosses threads: envelope texts joined by newlines, or the multipart parts
 * back to back in one buffer (moved, not copied) with their lengths.
 */
export type SealedBatch = { format: 'json'; envelopes: string } | { format: 'multipart'; parts: Uint8Array; lengths: Uint32Array };

/** The pieces of a sealed batch (views into its buffer for multipart). */
export function piecesOf(sealed: SealedBatch): SealedPieces {
  if (sealed.format === 'json') return { format: 'json', pieces: sealed.envelopes.split('\n') };
  const pieces: Uint8Array[] = new Array(sealed.lengths.length);
  let at = 0;
  for (let i = 0; i < sealed.lengths.length; i++) {
    const n = sealed.lengths[i] as number;
    pieces[i] = sealed.parts.subarray(at, at + n);
    at += n;
  }
  return { format: 'multipart', pieces };
}

export interface SealRequest extends JoinedBatch {
  id: number;
  /** A copy of the session key, zeroed by the thread once the batch is sealed. */
  key: Uint8Array;
  keyId: string;
  keyIdJson: string;
  payloadType: number;
  format: BodyFormat;
}

/** The sealed batch, or why it could not be sealed. */
export type SealReply = { id: number; sealed: SealedBatch } | { id: number; error: string };
