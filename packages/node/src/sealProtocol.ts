/** How a batch travels to a sealing thread, and the messages between {@link SealPool} and it. */
import type { QueuedEntry } from '@logflux/core';

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

export function joinBatch(entries: QueuedEntry[]): JoinedBatch {
  let json = '';
  let ts = '';
  const types = new Uint8Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as QueuedEntry;
    json += i === 0 ? e.json : `\n${e.json}`;
    ts += i === 0 ? e.ts : `\n${e.ts}`;
    types[i] = e.type;
  }
  return { json, ts, types };
}

export interface SealRequest extends JoinedBatch {
  id: number;
  /** A copy of the session key, zeroed by the thread once the batch is sealed. */
  key: Uint8Array;
  keyIdJson: string;
  payloadType: number;
}

/** Envelopes joined by newlines, or why the batch could not be sealed. */
export type SealReply = { id: number; envelopes: string } | { id: number; error: string };
