import { utf8Encode } from '../bytes.js';
import { base64Encode } from '../codec/base64.js';
import type { EntryType, PayloadType } from '../limits.js';
import type { CodecProviders } from '../providers.js';
import type { Session } from './session.js';

/** An entry waiting in the client: serialised at log time (a snapshot), sealed at send time. */
export interface QueuedEntry {
  json: string;
  ts: string;
  type: EntryType;
  /** Order of logging; flush() waits for everything up to a sequence number. */
  seq: number;
  /** Clock time when logged, for latency measurement. */
  at: number;
}

/** A value, or a promise of it: synchronous providers keep sealing synchronous. */
export type MaybePromise<T> = T | Promise<T>;

function isPromise<T>(v: MaybePromise<T>): v is Promise<T> {
  return typeof (v as Promise<T>)?.then === 'function';
}

/**
 * The envelope JSON text (docs/protocol.md §5.1, fields in the spec's order, no whitespace) from
 * its parts, already encoded: the one place the wire envelope is spelled out, for every sealer.
 */
export function envelopeJson(
  timestamp: string,
  entryType: EntryType,
  payloadType: PayloadType,
  payloadBase64: string,
  nonceBase64: string,
  keyIdJson: string,
): string {
  return `{"timestamp":"${timestamp}","entry_type":${entryType},"payload_type":${payloadType},"payload":"${payloadBase64}","nonce":"${nonceBase64}","key_id":${keyIdJson}}`;
}

function envelopeText(
  entry: QueuedEntry,
  session: Session,
  payloadType: PayloadType,
  sealed: Uint8Array,
  nonce: Uint8Array,
  encode: (b: Uint8Array) => string,
): string {
  return envelopeJson(entry.ts, entry.type, payloadType, encode(sealed), encode(nonce), session.keyIdJson);
}

/**
 * Seals one entry into envelope JSON text. Stays synchronous when the providers are (Node's are),
 * so a runtime can seal what is queued while the process is exiting. No closures on the
 * synchronous path: this runs once per entry.
 */
export function sealEntryText(
  entry: QueuedEntry,
  session: Session,
  payloadType: PayloadType,
  providers: CodecProviders,
): MaybePromise<string> {
  const nonce = providers.random(12);
  const codec = payloadType === 1 ? providers.gzip : providers.zstd;
  const encode = providers.base64 ?? base64Encode;
  const compressed = codec.compress((providers.utf8 ?? utf8Encode)(entry.json));
  if (isPromise(compressed)) {
    return compressed
      .then((c) => providers.aead.seal(session.key, nonce, c))
      .then((sealed) => envelopeText(entry, session, payloadType, sealed, nonce, encode));
  }
  const sealed = providers.aead.seal(session.key, nonce, compressed);
  if (isPromise(sealed)) return sealed.then((b) => envelopeText(entry, session, payloadType, b, nonce, encode));
  return envelopeText(entry, session, payloadType, sealed, nonce, encode);
}

/**
 * Seals entries in order; synchronous end to end when the providers are. The caller accounts for
 * the entries against the session's rotation limit (see SessionManager.acquire).
 */
export function sealEntries(
  entries: QueuedEntry[],
  session: Session,
  payloadType: PayloadType,
  providers: CodecProviders,
): MaybePromise<string[]> {
  const out: string[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const text = sealEntryText(entries[i] as QueuedEntry, session, payloadType, providers);
    if (isPromise(text)) {
      return (async () => {
        out[i] = await text;
        for (let j = i + 1; j < entries.length; j++)
          out[j] = await sealEntryText(entries[j] as QueuedEntry, session, payloadType, providers);
        return out;
      })();
    }
    out[i] = text;
  }
  return out;
}

/** The JSON batch body for sealed envelopes. */
export function batchBody(envelopes: string[]): string {
  return `{"entries":[${envelopes.join(',')}]}`;
}

/** Splits envelopes into runs whose batch bodies stay within `maxBytes` (UTF-8 of ASCII text = length). */
export function splitBySize<T>(items: T[], envelopes: string[], maxBytes: number): { items: T[]; envelopes: string[] }[] {
  const chunks: { items: T[]; envelopes: string[] }[] = [];
  let start = 0;
  let size = 14;
  for (let i = 0; i < envelopes.length; i++) {
    const len = (envelopes[i] as string).length + 1;
    if (i > start && size + len > maxBytes) {
      chunks.push({ items: items.slice(start, i), envelopes: envelopes.slice(start, i) });
      start = i;
      size = 14;
    }
    size += len;
  }
  if (start < envelopes.length) chunks.push({ items: items.slice(start), envelopes: envelopes.slice(start) });
  return chunks;
}
