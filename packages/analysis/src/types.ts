/**
 * What `@logflux/analysis` consumes: entries that were already decrypted by the caller (the
 * `logflux` CLI owns reading and decryption). This package never sees keys or ciphertext.
 */

/** One decrypted entry, as `logflux query --json` prints it. */
export interface DecryptedEntry {
  /** The ingestor's id of the stored entry (increasing in arrival order). */
  id: number;
  /** When the ingestor stored it (RFC 3339). */
  received_at: string;
  /** The decrypted plaintext object (docs/protocol.md §6). */
  entry: Record<string, unknown>;
}

/** An entry the caller could not decrypt: its id and error class only, never any plaintext. */
export interface EntryFailure {
  id: number;
  errorClass: string;
}

/** One page of a source: what was fetched, what decrypted, what failed. */
export interface EntryBatch {
  entries: DecryptedEntry[];
  failures: EntryFailure[];
  /** How many stored entries this page covered (kept, filtered out or failed). */
  fetched: number;
  /** The highest stored id this page covered: where the next read resumes. */
  cursor: number;
}

/**
 * A source of decrypted entries: every entry with an id greater than `after`, page by page,
 * oldest first. Ends when the source has nothing newer.
 */
export type EntrySource = (after: number) => AsyncIterable<EntryBatch>;

/** An error whose message is meant for the person at the terminal (no plaintext in it). */
export class AnalysisError extends Error {
  override readonly name = 'AnalysisError';
}
