/**
 * The six part headers of a multipart ingest body (docs/protocol.md §8.4), spelled and ordered as
 * they are written; the reader matches them case-insensitively. A module of its own, so that the
 * writer does not bring the reader into a page's first chunk.
 */
export const PART_HEADER_NAMES = [
  'Content-Type',
  'X-LF-Entry-Type',
  'X-LF-Payload-Type',
  'X-LF-Timestamp',
  'X-LF-Key-ID',
  'X-LF-Nonce',
] as const;
