/**
 * The size limit of one entry (docs/protocol.md §6.6): an entry's serialised plaintext stays
 * within 1 MiB of UTF-8, the largest payload the service takes, so that an entry the client
 * accepts can always be stored. A larger entry loses its attributes first, then the end of its
 * `message`; one that still does not fit is dropped (`too_large`). The client's intake (intake.ts)
 * comes here only for entries that may not fit; this module loads with the lazily loaded parts
 * (deferred.ts).
 */
import { LogFluxError } from '../errors.js';
import { PROTOCOL } from '../limits.js';
import { cutText, type LimitReason } from './attributes.js';
import type { PipelineContext } from './context.js';
import type { InnerEntry } from './options.js';

/** Largest serialised plaintext of one entry, in UTF-8 bytes. */
export const MAX_ENTRY_BYTES = PROTOCOL.maxPayloadBytes;

/** The UTF-8 length of a string, without encoding it. */
export function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 2; // a surrogate pair: 4 bytes for 2 units
      i++;
    } else n += 2;
  }
  return n;
}

const size = (json: string) => (json.length * 3 <= MAX_ENTRY_BYTES ? json.length : utf8Length(json));

/**
 * `entry`'s JSON within {@link MAX_ENTRY_BYTES}: as it is when it fits (the usual case costs one
 * comparison), else cut as described above and marked with the attribute `logflux.truncated`
 * (`attributes`, `message`); undefined when even that does not fit.
 */
export function fitEntry(entry: InnerEntry, onLimit?: (reason: LimitReason) => void): string | undefined {
  let json = JSON.stringify(entry);
  let bytes = size(json);
  if (bytes <= MAX_ENTRY_BYTES) return json;
  onLimit?.('entry_size');
  const cut: string[] = [];
  let fitted: InnerEntry = entry;
  if (entry.attributes !== undefined) {
    cut.push('attributes');
    fitted = { ...entry, attributes: { 'logflux.truncated': 'attributes' } };
    json = JSON.stringify(fitted);
    bytes = size(json);
  }
  let message = typeof entry.message === 'string' ? entry.message : undefined;
  if (bytes > MAX_ENTRY_BYTES && message !== undefined) cut.push('message');
  while (bytes > MAX_ENTRY_BYTES && message !== undefined && message.length > 1) {
    // Shrink in proportion, with room for the marker and for escapes that grow in JSON.
    const keep = Math.max(1, Math.floor((message.length * (MAX_ENTRY_BYTES - 4096)) / bytes));
    message = keep < message.length ? cutText(message, keep) : message.slice(0, -1);
    fitted = { ...fitted, message, attributes: { 'logflux.truncated': cut.join(',') } };
    json = JSON.stringify(fitted);
    bytes = size(json);
  }
  return bytes <= MAX_ENTRY_BYTES ? json : undefined;
}

/** {@link fitEntry} for the client: a cut is counted and said; an entry that cannot fit is reported and dropped (`too_large`). */
export function fitOrDrop(ctx: PipelineContext, entry: InnerEntry): string | undefined {
  const json = fitEntry(entry, ctx.limited);
  if (json !== undefined) return json;
  ctx.report(new LogFluxError('too_large', 'an entry is larger than 1 MiB even without its attributes and message; dropped'));
  ctx.ledger.drop('too_large');
  return undefined;
}
