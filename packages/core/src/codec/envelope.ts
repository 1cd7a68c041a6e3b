import { utf8Encode } from '../bytes.js';
import { LogFluxError } from '../errors.js';
import { type EntryType, type PayloadType, PROTOCOL } from '../limits.js';
import { envelopeJson } from '../protocol/envelopeText.js';
import type { CodecProviders, CompressionProvider } from '../providers.js';
import { utf8DecodeStrict } from '../utf8Strict.js';
import { base64Encode } from './base64.js';
import { base64DecodeStrict } from './base64Strict.js';
import { type CompatFlag, normaliseOfficialSdkEntry } from './officialSdkCompat.js';
import { parsePlaintext } from './plaintext.js';

export { parsePlaintext } from './plaintext.js';

/** The wire envelope of one entry (docs/protocol.md §5.1). */
export interface Envelope {
  timestamp?: string;
  entry_type?: EntryType;
  payload_type: PayloadType;
  payload: string;
  nonce: string;
  key_id: string;
}

export interface SealOptions {
  /** The AES-256 session key agreed in the handshake. */
  key: Uint8Array;
  /** The `key_id` the service returned for that key. */
  keyId: string;
  payloadType: PayloadType;
  entryType?: EntryType;
  /** RFC 3339 UTC timestamp, visible to the service (it is outside the ciphertext). */
  timestamp?: string;
  /**
   * TEST SEAM ONLY: a fixed nonce for known-answer tests. Reusing a nonce under one key destroys
   * GCM's confidentiality and integrity; production code never sets this.
   */
  nonce?: Uint8Array;
}

function compressorFor(providers: CodecProviders, payloadType: PayloadType): CompressionProvider {
  return payloadType === 1 ? providers.gzip : providers.zstd;
}

/** Compresses and seals plaintext bytes (normally UTF-8 JSON) into an envelope object. */
export async function sealPayload(providers: CodecProviders, plaintext: Uint8Array, options: SealOptions): Promise<Envelope> {
  const nonce = options.nonce ?? providers.random(PROTOCOL.nonceBytes);
  if (nonce.length !== PROTOCOL.nonceBytes) throw new LogFluxError('nonce_length', 'the nonce must be 12 bytes');
  if (options.key.length !== PROTOCOL.sessionKeyBytes) throw new LogFluxError('secret_length', 'the session key must be 32 bytes');
  const compressed = await compressorFor(providers, options.payloadType).compress(plaintext);
  const sealed = await providers.aead.seal(options.key, nonce, compressed);
  const envelope: Envelope = {} as Envelope;
  if (options.timestamp !== undefined) envelope.timestamp = options.timestamp;
  if (options.entryType !== undefined) envelope.entry_type = options.entryType;
  envelope.payload_type = options.payloadType;
  envelope.payload = base64Encode(sealed);
  envelope.nonce = base64Encode(nonce);
  envelope.key_id = options.keyId;
  return envelope;
}

/** Serialises an entry as UTF-8 JSON, compresses and seals it. */
export function sealEntry(providers: CodecProviders, entry: object, options: SealOptions): Promise<Envelope> {
  return sealPayload(providers, utf8Encode(JSON.stringify(entry)), options);
}

/** Resolves a `key_id` to its session key; `undefined` when the key is unknown. */
export type SessionKeyLookup = (keyId: string) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

export interface OpenOptions {
  providers: CodecProviders;
  /** The session key, or a lookup by `key_id`. */
  key: Uint8Array | SessionKeyLookup;
  /** Ceiling on decompressed plaintext (default 16 MiB). */
  maxPlaintextBytes?: number;
  /**
   * Also read what the official SDKs v3.0.1 write (docs/protocol.md §7.8): a payload type 1 entry
   * that is not gzip is read as uncompressed, `metric_type`/`description` as `kind`/`name`, and
   * timestamps with other than millisecond precision are shown with it. Default false: strict
   * decoding, exactly §7.
   */
  compat?: boolean;
}

export interface OpenedEntry {
  envelope: Envelope;
  /** The exact decrypted, decompressed bytes. */
  plaintext: Uint8Array;
  /** The plaintext parsed as a JSON object (normalised by the rules of §7.8 with `compat`). */
  entry: Record<string, unknown>;
  /** The compatibility rules that applied, in the order of §7.8; always empty without `compat`. */
  compat: CompatFlag[];
}

function fieldType(message: string): never {
  throw new LogFluxError('field_type', message);
}

/** Steps 1-3 of docs/protocol.md §7: parse the envelope and check its field types and payload type. */
export function parseEnvelope(input: string | Uint8Array): Envelope {
  let value: unknown;
  try {
    value = JSON.parse(typeof input === 'string' ? input : utf8DecodeStrict(input));
  } catch (error) {
    throw new LogFluxError('envelope_json', 'the envelope is not valid JSON', { cause: error });
  }
  return checkEnvelopeFields(value);
}

/** Steps 1 (object check) to 3 for an envelope that is already parsed JSON. */
export function checkEnvelopeFields(value: unknown): Envelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LogFluxError('envelope_json', 'the envelope is not a JSON object');
  }
  const v = value as Record<string, unknown>;
  if (typeof v.payload_type !== 'number' || !Number.isInteger(v.payload_type)) fieldType('payload_type must be an integer');
  for (const name of ['payload', 'nonce', 'key_id'] as const) {
    if (typeof v[name] !== 'string') fieldType(`${name} must be a string`);
  }
  if (v.key_id === '') fieldType('key_id must not be empty');
  if ('timestamp' in v && typeof v.timestamp !== 'string') fieldType('timestamp must be a string');
  if ('entry_type' in v) {
    const t = v.entry_type;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 7) fieldType('entry_type must be an integer from 1 to 7');
  }
  if (v.payload_type !== 1 && v.payload_type !== 2) {
    throw new LogFluxError('unknown_payload_type', `payload_type ${String(v.payload_type)} is not 1 (gzip) or 2 (zstd)`);
  }
  return v as unknown as Envelope;
}

/** Steps 4-5: the nonce and the sealed payload as bytes, with their lengths checked. */
export function decodeSealedFields(envelope: Envelope): { nonce: Uint8Array; sealed: Uint8Array } {
  const nonce = base64DecodeStrict(envelope.nonce, 'nonce');
  if (nonce.length !== PROTOCOL.nonceBytes) {
    throw new LogFluxError('nonce_length', `the nonce is ${nonce.length} bytes; it must be ${PROTOCOL.nonceBytes}`);
  }
  if (envelope.payload.length > PROTOCOL.maxPayloadBase64Chars) {
    throw new LogFluxError('size_limit', `the payload exceeds ${PROTOCOL.maxPayloadBytes} bytes`);
  }
  const sealed = base64DecodeStrict(envelope.payload, 'payload');
  if (sealed.length > PROTOCOL.maxPayloadBytes) {
    throw new LogFluxError('size_limit', `the payload exceeds ${PROTOCOL.maxPayloadBytes} bytes`);
  }
  if (sealed.length < PROTOCOL.tagBytes) throw new LogFluxError('auth', 'the payload is shorter than the 16-byte tag');
  return { nonce, sealed };
}

/** The decoding providers of {@link openEnvelopeSync}: each answers without a promise. */
export interface SyncDecoders {
  readonly aead: { open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array };
  readonly gzip: { decompress(data: Uint8Array, limit: number): Uint8Array };
  readonly zstd: { decompress(data: Uint8Array, limit: number): Uint8Array };
}

export interface OpenSyncOptions extends Omit<OpenOptions, 'providers' | 'key'> {
  providers: SyncDecoders;
  key: Uint8Array;
}

/** Steps 1-5: the envelope (its known members only, when given as an object) and its sealed bytes. */
function envelopeAndSealed(input: string | Uint8Array | Envelope): { envelope: Envelope; nonce: Uint8Array; sealed: Uint8Array } {
  const envelope =
    typeof input === 'object' && !(input instanceof Uint8Array) ? checkEnvelopeFields(knownFields(input)) : parseEnvelope(input);
  return { envelope, ...decodeSealedFields(envelope) };
}

/** §7.8 rule 2: labelled gzip but not gzip (the Go SDK 3.0.1 with compression off). */
function mislabelled(envelope: Envelope, opened: Uint8Array, options: Pick<OpenOptions, 'compat'>): boolean {
  return options.compat === true && envelope.payload_type === 1 && !(opened[0] === 0x1f && opened[1] === 0x8b);
}

/** Step 7 for a mislabelled payload: it is the plaintext, within the limit. */
function uncompressed(opened: Uint8Array, limit: number, flags: CompatFlag[]): Uint8Array {
  if (opened.length > limit) throw new LogFluxError('size_limit', `the plaintext exceeds the ${limit}-byte limit`);
  flags.push('mislabelled_uncompressed');
  return opened;
}

/** Step 8 and the §7.8 entry rules. */
function finish(envelope: Envelope, plaintext: Uint8Array, flags: CompatFlag[], options: Pick<OpenOptions, 'compat'>): OpenedEntry {
  const parsed = parsePlaintext(plaintext);
  if (!options.compat) return { envelope, plaintext, entry: parsed, compat: flags };
  const normalised = normaliseOfficialSdkEntry(parsed);
  return { envelope, plaintext, entry: normalised.entry, compat: [...flags, ...normalised.flags] };
}

/**
 * Decodes one wire envelope into its plaintext entry, applying every rule of docs/protocol.md §7
 * in order and failing with the first error class that applies.
 */
export async function openEnvelope(input: string | Uint8Array | Envelope, options: OpenOptions): Promise<OpenedEntry> {
  const { envelope, nonce, sealed } = envelopeAndSealed(input);
  const key = typeof options.key === 'function' ? await options.key(envelope.key_id) : options.key;
  if (key === undefined) throw new LogFluxError('auth', 'no session key is known for this key_id');
  const opened = await options.providers.aead.open(key, nonce, sealed);
  const limit = options.maxPlaintextBytes ?? PROTOCOL.defaultMaxPlaintextBytes;
  const flags: CompatFlag[] = [];
  const plaintext = mislabelled(envelope, opened, options)
    ? uncompressed(opened, limit, flags)
    : await compressorFor(options.providers, envelope.payload_type).decompress(opened, limit);
  return finish(envelope, plaintext, flags, options);
}

/**
 * {@link openEnvelope} for bulk reading: the same rules in the same order, with the session key
 * already known and providers that answer synchronously, so no promise is made per entry.
 */
export function openEnvelopeSync(input: string | Uint8Array | Envelope, options: OpenSyncOptions): OpenedEntry {
  const { envelope, nonce, sealed } = envelopeAndSealed(input);
  const opened = options.providers.aead.open(options.key, nonce, sealed);
  const limit = options.maxPlaintextBytes ?? PROTOCOL.defaultMaxPlaintextBytes;
  const flags: CompatFlag[] = [];
  const decoder = envelope.payload_type === 1 ? options.providers.gzip : options.providers.zstd;
  const plaintext = mislabelled(envelope, opened, options) ? uncompressed(opened, limit, flags) : decoder.decompress(opened, limit);
  return finish(envelope, plaintext, flags, options);
}

const ENVELOPE_FIELDS = ['timestamp', 'entry_type', 'payload_type', 'payload', 'nonce', 'key_id'] as const;

/** The envelope members of an object (others are ignored, §5.1); never serialises the object. */
function knownFields(input: object): Record<string, unknown> {
  const source = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of ENVELOPE_FIELDS) if (source[name] !== undefined) out[name] = source[name];
  return out;
}

/** Serialises an envelope as the JSON text sent on the wire (fields in the spec's order). */
export function envelopeToJson(envelope: Envelope): string {
  const e = envelope;
  const inner = (text: string) => (/^[A-Za-z0-9+/=]*$/.test(text) ? text : JSON.stringify(text).slice(1, -1));
  return envelopeJson(e.timestamp, e.entry_type, e.payload_type, inner(e.payload), inner(e.nonce), JSON.stringify(e.key_id));
}
