/** Messages between {@link SealPool} and its sealing thread. */

export interface SealRequest {
  id: number;
  /** A copy of the session key, zeroed by the thread once the batch is sealed. */
  key: Uint8Array;
  keyIdJson: string;
  payloadType: number;
  /**
   * The entries' JSON texts joined by newlines, and their timestamps likewise: one string each
   * clones far faster than arrays of short strings. JSON.stringify output never contains a raw
   * newline, and neither do timestamps or envelopes.
   */
  json: string;
  ts: string;
  types: Uint8Array;
}

/** Envelopes joined by newlines, or why the batch could not be sealed. */
export type SealReply = { id: number; envelopes: string } | { id: number; error: string };
