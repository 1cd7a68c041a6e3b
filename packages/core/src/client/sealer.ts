import { utf8Encode } from '../bytes.js';
import { base64Encode } from '../codec/base64.js';
import type { EntryType, PayloadType } from '../limits.js';
import type { BodyFormat, SealedPieces } from '../protocol/bodies.js';
import { envelopeJson } from '../protocol/envelopeText.js';
import { multipartPart } from '../protocol/multipart.js';
import type { CodecProviders } from '../providers.js';

/** An entry as a sealer sees it: its serialised inner JSON, envelope timestamp and entry type. */
export interface PlainRecord {
  readonly json: string;
  readonly ts: string;
  readonly type: EntryType;
}

/**
 * The session key as a sealer sees it. Read `key`, never keep or change it: the client wipes it
 * when the session ends.
 */
export interface SealingKey {
  readonly keyId: string;
  /** `keyId` as a JSON string literal, ready to splice into envelopes. */
  readonly keyIdJson: string;
  readonly key: Uint8Array;
}

/**
 * Seals a batch: every record compressed (the payload type's codec) and encrypted under a fresh
 * nonce, written as pieces of the request format — envelope texts or multipart parts — in order.
 * Core's default is {@link sealEntries} on the client's providers; the Node runtime seals on worker
 * threads with the same output.
 */
export interface Sealer {
  seal(records: readonly PlainRecord[], key: SealingKey, payloadType: PayloadType, format: BodyFormat): Promise<SealedPieces>;
}

/** A value, or a promise of it: synchronous providers keep sealing synchronous. */
export type MaybePromise<T> = T | Promise<T>;

function isPromise<T>(v: MaybePromise<T>): v is Promise<T> {
  return typeof (v as Promise<T>)?.then === 'function';
}

/** Entries sealed at once with asynchronous providers: Web Crypto's per-call latency overlaps. */
const WINDOW = 128;

/** A sealed record written as a piece of `format`. */
function written(
  record: PlainRecord,
  key: SealingKey,
  payloadType: PayloadType,
  format: BodyFormat,
  providers: CodecProviders,
  nonce: Uint8Array,
  sealed: Uint8Array,
): string | Uint8Array {
  const encode = providers.base64 ?? base64Encode;
  return format === 'json'
    ? envelopeJson(record.ts, record.type, payloadType, encode(sealed), encode(nonce), key.keyIdJson)
    : multipartPart(record.ts, record.type, payloadType, key.keyId, encode(nonce), sealed, providers.utf8);
}

/** One record compressed, sealed and written; no closures on the synchronous path (it runs once per entry). */
function piece(record: PlainRecord, key: SealingKey, payloadType: PayloadType, format: BodyFormat, providers: CodecProviders) {
  const nonce = providers.random(12);
  const codec = payloadType === 1 ? providers.gzip : providers.zstd;
  const compressed = codec.compress((providers.utf8 ?? utf8Encode)(record.json));
  if (isPromise(compressed)) {
    return compressed
      .then((c) => providers.aead.seal(key.key, nonce, c))
      .then((sealed) => written(record, key, payloadType, format, providers, nonce, sealed));
  }
  const sealed = providers.aead.seal(key.key, nonce, compressed);
  if (isPromise(sealed)) return sealed.then((b) => written(record, key, payloadType, format, providers, nonce, b));
  return written(record, key, payloadType, format, providers, nonce, sealed);
}

/**
 * Seals records in order into pieces of `format` (default JSON envelope texts). Synchronous end to
 * end when the providers are — so a runtime can seal what is queued while its host is going away —
 * and otherwise keeps up to 128 entries in flight at once. The caller accounts for the entries
 * against the session's rotation limit.
 */
export function sealEntries(
  records: readonly PlainRecord[],
  key: SealingKey,
  payloadType: PayloadType,
  providers: CodecProviders,
): MaybePromise<string[]>;
export function sealEntries(
  records: readonly PlainRecord[],
  key: SealingKey,
  payloadType: PayloadType,
  providers: CodecProviders,
  format: BodyFormat,
): MaybePromise<string[] | Uint8Array[]>;
export function sealEntries(
  records: readonly PlainRecord[],
  key: SealingKey,
  payloadType: PayloadType,
  providers: CodecProviders,
  format: BodyFormat = 'json',
): MaybePromise<(string | Uint8Array)[]> {
  const out: (string | Uint8Array)[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const p = piece(records[i] as PlainRecord, key, payloadType, format, providers);
    if (!isPromise(p)) {
      out[i] = p;
      continue;
    }
    return (async () => {
      const pending = new Map<number, Promise<void>>();
      let failure: { error: unknown } | undefined;
      const start = (j: number, value: MaybePromise<string | Uint8Array>) => {
        if (!isPromise(value)) {
          out[j] = value;
          return;
        }
        const done = () => pending.delete(j);
        pending.set(
          j,
          value.then(
            (v) => {
              out[j] = v;
              done();
            },
            (error: unknown) => {
              failure ??= { error };
              done();
            },
          ),
        );
      };
      start(i, p);
      for (let j = i + 1; j < records.length && !failure; j++) {
        if (pending.size >= WINDOW) await Promise.race(pending.values());
        start(j, piece(records[j] as PlainRecord, key, payloadType, format, providers));
      }
      await Promise.all(pending.values());
      if (failure) throw failure.error;
      return out;
    })();
  }
  return out;
}

/** Seals one record into its envelope text (see {@link sealEntries}). */
export function sealEntryText(
  record: PlainRecord,
  key: SealingKey,
  payloadType: PayloadType,
  providers: CodecProviders,
): MaybePromise<string> {
  return piece(record, key, payloadType, 'json', providers) as MaybePromise<string>;
}

/** The default sealer: {@link sealEntries} on the given providers. */
export function providerSealer(providers: CodecProviders): Sealer {
  return {
    seal: async (records, key, payloadType, format) =>
      ({ format, pieces: await sealEntries(records, key, payloadType, providers, format) }) as SealedPieces,
  };
}
