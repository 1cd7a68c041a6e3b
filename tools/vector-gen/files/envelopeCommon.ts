import { gzipSync } from 'fflate';
import { drbg } from '../drbg.js';
import { envelopeText, expectPlaintext, KEY_ID, SAMPLE_ENTRIES, TIMESTAMP } from '../envelopeBuild.js';
import { gzipMember } from '../gzipBuild.js';
import { b64, gcmSeal, hex, utf8 } from '../seal.js';
import { VectorFile } from '../vectorFile.js';
import type { Compressors } from './compressors.js';

export const ENVELOPE_NOTES = {
  Valid: 'A well-formed envelope that decodes to the given plaintext.',
  EntryType: 'One of the entry types of docs/protocol.md §6.',
  Unicode: 'Plaintext with non-ASCII and non-BMP characters.',
  OptionalFields: 'timestamp and entry_type are optional; unknown fields are ignored.',
  EnvelopeJson: 'The envelope is not a JSON object.',
  FieldType: 'A field is missing or has the wrong JSON type or range.',
  PayloadType: 'payload_type is not 1 or 2.',
  Base64: 'A base64 field is not canonical standard base64.',
  NonceLength: 'The nonce is not 12 bytes, though the tag is valid for it.',
  Auth: 'Authentication fails.',
  TruncatedTag: 'The tag is shorter than 16 bytes but valid for its length.',
  PayloadSize: 'The payload exceeds 1 MiB after base64 decoding.',
  WrongFormat: "The payload is compressed with the other payload type's format.",
  PlaintextJson: 'The plaintext is not a UTF-8 JSON object.',
  PlaintextDepth: 'Arrays and objects nested deeper than 128 levels, counted outside strings (docs/protocol.md §7 step 8).',
  Gzip: 'Payload type 1 stream structure.',
  GzipHeader: 'gzip header fields (RFC 1952).',
  MultiMember: 'Several gzip members; the output is their concatenation.',
  Zstd: 'Payload type 2 stream structure.',
  MultiFrame: 'Several zstd frames; the output is their concatenation.',
  Skippable: 'Skippable frames are skipped.',
  NoContentSize: 'A zstd frame without Frame_Content_Size.',
  Checksum: 'Content checksums.',
  Corrupt: 'A malformed compressed stream.',
  Trailing: 'Bytes after the end of the stream.',
  Truncated: 'The stream ends early.',
  Bomb: 'Decompresses past the limit.',
  Limit: 'Sizes at and over a configured limit.',
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Sets a low bit of the last data character before `==`, which a canonical encoder leaves zero. */
function nonCanonical(text: string): string {
  const i = text.length - 3;
  const v = ALPHABET.indexOf(text[i] as string) | 1;
  return `${text.slice(0, i)}${ALPHABET[v]}${text.slice(i + 1)}`;
}

export const DEFAULT_LIMIT = 16 * 1024 * 1024;

export function envelopeCommonVectors(z: Compressors): VectorFile {
  const f = new VectorFile(
    'envelope_common_test.json',
    'LogFlux-Envelope',
    'logflux_envelope_test_schema_v1.json',
    [
      'Envelope decoding common to both payload types, in the order of docs/protocol.md §7.',
      'Each envelope is sealed under the group key with a fixed nonce.',
    ],
    ENVELOPE_NOTES,
  );
  const rnd = drbg('envelope-common');
  const key = rnd(32);
  const t = f.group('EnvelopeDecodeTest', { key: hex(key), maxPlaintextBytes: DEFAULT_LIMIT });
  const compress = (pt: Uint8Array, payloadType: number) => (payloadType === 1 ? gzipMember(pt) : z.zstd(pt));

  for (const [name, sample] of Object.entries(SAMPLE_ENTRIES)) {
    for (const payloadType of [1, 2]) {
      const pt = utf8(JSON.stringify(sample.entry));
      t({
        comment: `${name} entry, payload type ${payloadType}`,
        flags: ['Valid', 'EntryType'],
        envelope: envelopeText({ key, nonce: rnd(12), compressed: compress(pt, payloadType), payloadType, entryType: sample.entryType }),
        result: 'valid',
        ...expectPlaintext(pt),
      });
    }
  }
  const unicode = utf8(
    JSON.stringify({
      v: '2.0',
      type: 'log',
      source: 'i18n',
      level: 7,
      ts: TIMESTAMP,
      message: 'Grüße, 世界, emoji 😀🚀, math 𝔘𝔫𝔦, combining é',
    }),
  );
  for (const payloadType of [1, 2]) {
    t({
      comment: `non-BMP Unicode, payload type ${payloadType}`,
      flags: ['Valid', 'Unicode'],
      envelope: envelopeText({ key, nonce: rnd(12), compressed: compress(unicode, payloadType), payloadType }),
      result: 'valid',
      ...expectPlaintext(unicode),
    });
  }
  const log = utf8(JSON.stringify(SAMPLE_ENTRIES.log?.entry));
  const sealedLog = (payloadType = 1) => ({ key, nonce: rnd(12), compressed: compress(log, payloadType), payloadType });
  const raw = (obj: Record<string, unknown>) => JSON.stringify(obj);
  const parts = () => {
    const nonce = rnd(12);
    return { nonce: b64(nonce), payload: b64(gcmSeal(key, nonce, gzipMember(log))) };
  };
  t({
    comment: 'without timestamp and entry_type',
    flags: ['Valid', 'OptionalFields'],
    envelope: raw({ payload_type: 1, ...parts(), key_id: KEY_ID }),
    result: 'valid',
    ...expectPlaintext(log),
  });
  t({
    comment: 'unknown extra field ignored',
    flags: ['Valid', 'OptionalFields'],
    envelope: raw({ payload_type: 1, ...parts(), key_id: KEY_ID, region_hint: 'eu' }),
    result: 'valid',
    ...expectPlaintext(log),
  });
  t({
    comment: 'fields in another order',
    flags: ['Valid', 'OptionalFields'],
    envelope: raw({ key_id: KEY_ID, ...parts(), payload_type: 1, entry_type: 1 }),
    result: 'valid',
    ...expectPlaintext(log),
  });
  t({
    comment: 'empty JSON object plaintext',
    flags: ['Valid'],
    envelope: envelopeText({ key, nonce: rnd(12), compressed: gzipMember(utf8('{}')), payloadType: 1 }),
    result: 'valid',
    ...expectPlaintext(utf8('{}')),
  });
  const fflateGz = gzipSync(log, { level: 9, mtime: '2026-11-22T00:00:00Z' });
  t({
    comment: 'gzip made by fflate with a non-zero MTIME',
    flags: ['Valid', 'GzipHeader'],
    envelope: envelopeText({ key, nonce: rnd(12), compressed: fflateGz, payloadType: 1 }),
    result: 'valid',
    ...expectPlaintext(log),
  });

  const bad = (comment: string, flags: string[], envelope: string, errorClass: string) =>
    t({ comment, flags, envelope, result: 'invalid', errorClass });
  const good = JSON.parse(envelopeText(sealedLog())) as Record<string, unknown>;
  const edit = (changes: Record<string, unknown>, drop: string[] = []) => {
    const o: Record<string, unknown> = { ...good, ...changes };
    for (const d of drop) delete o[d];
    return JSON.stringify(o);
  };
  // 1. envelope_json
  bad('not JSON', ['EnvelopeJson'], 'payload_type=1', 'envelope_json');
  bad('truncated JSON', ['EnvelopeJson'], JSON.stringify(good).slice(0, 40), 'envelope_json');
  bad('JSON array', ['EnvelopeJson'], `[${JSON.stringify(good)}]`, 'envelope_json');
  bad('JSON string', ['EnvelopeJson'], '"envelope"', 'envelope_json');
  bad('JSON null', ['EnvelopeJson'], 'null', 'envelope_json');
  bad('empty text', ['EnvelopeJson'], '', 'envelope_json');
  bad('trailing comma', ['EnvelopeJson'], `${JSON.stringify(good).slice(0, -1)},}`, 'envelope_json');
  bad('NaN literal', ['EnvelopeJson'], JSON.stringify(good).replace('"payload_type":1', '"payload_type":NaN'), 'envelope_json');
  bad('byte order mark', ['EnvelopeJson'], `\uFEFF${JSON.stringify(good)}`, 'envelope_json');
  bad('two objects', ['EnvelopeJson'], `${JSON.stringify(good)}{}`, 'envelope_json');
  // 2. field_type
  bad('payload_type as string', ['FieldType'], edit({ payload_type: '1' }), 'field_type');
  bad('payload_type null', ['FieldType'], edit({ payload_type: null }), 'field_type');
  bad('payload_type missing', ['FieldType'], edit({}, ['payload_type']), 'field_type');
  bad('payload_type 1.5', ['FieldType'], edit({ payload_type: 1.5 }), 'field_type');
  bad('payload_type boolean', ['FieldType'], edit({ payload_type: true }), 'field_type');
  bad('payload missing', ['FieldType'], edit({}, ['payload']), 'field_type');
  bad('payload as number', ['FieldType'], edit({ payload: 12 }), 'field_type');
  bad('payload as array', ['FieldType'], edit({ payload: [good.payload] }), 'field_type');
  bad('nonce missing', ['FieldType'], edit({}, ['nonce']), 'field_type');
  bad('nonce null', ['FieldType'], edit({ nonce: null }), 'field_type');
  bad('key_id missing', ['FieldType'], edit({}, ['key_id']), 'field_type');
  bad('key_id empty', ['FieldType'], edit({ key_id: '' }), 'field_type');
  bad('key_id number', ['FieldType'], edit({ key_id: 7 }), 'field_type');
  bad('timestamp number', ['FieldType'], edit({ timestamp: 1764000000 }), 'field_type');
  bad('timestamp null', ['FieldType'], edit({ timestamp: null }), 'field_type');
  bad('entry_type string', ['FieldType'], edit({ entry_type: '1' }), 'field_type');
  bad('entry_type 0', ['FieldType'], edit({ entry_type: 0 }), 'field_type');
  bad('entry_type 8', ['FieldType'], edit({ entry_type: 8 }), 'field_type');
  bad('entry_type 2.5', ['FieldType'], edit({ entry_type: 2.5 }), 'field_type');
  bad('wrong type wins over unknown payload type', ['FieldType'], edit({ payload_type: 9, nonce: 5 }), 'field_type');
  // 3. unknown_payload_type
  for (const v of [0, 3, 4, -1, 256]) bad(`payload_type ${v}`, ['PayloadType'], edit({ payload_type: v }), 'unknown_payload_type');
  bad('unknown payload type wins over bad base64', ['PayloadType'], edit({ payload_type: 3, nonce: '!!!!' }), 'unknown_payload_type');
  // 4-5. base64, nonce length, payload size
  const p = good.payload as string;
  const n = good.nonce as string;
  bad('payload with URL-safe alphabet', ['Base64'], edit({ payload: `-_${p.slice(2)}` }), 'base64');
  bad('payload without padding', ['Base64'], edit({ payload: b64(rnd(41)).replace(/=+$/, '') }), 'base64');
  bad('payload with a space', ['Base64'], edit({ payload: `${p.slice(0, 8)} ${p.slice(8, -1)}` }), 'base64');
  bad('payload with a line break', ['Base64'], edit({ payload: `${p.slice(0, 8)}\n${p.slice(8, -1)}` }), 'base64');
  bad('payload with padding in the middle', ['Base64'], edit({ payload: `${p.slice(0, 6)}==${p.slice(8)}` }), 'base64');
  bad('payload with three padding characters', ['Base64'], edit({ payload: 'QUJDRA===' }), 'base64');
  bad('payload with non-canonical trailing bits (==)', ['Base64'], edit({ payload: nonCanonical(b64(rnd(31))) }), 'base64');
  bad('nonce with non-canonical trailing bits (=)', ['Base64'], edit({ nonce: 'AAAAAAAAAAAAAAAB' + 'AAB=' }), 'base64');
  bad('nonce with URL-safe alphabet', ['Base64'], edit({ nonce: n.replace(/./, '_') }), 'base64');
  bad('nonce without padding', ['Base64'], edit({ nonce: 'AAAAAAAAAAAAAAAAAAAAAA' }), 'base64');
  bad('bad nonce base64 wins over bad payload base64', ['Base64'], edit({ nonce: '@@@@', payload: '####' }), 'base64');
  for (const nlen of [8, 16]) {
    const nonce = rnd(nlen);
    bad(
      `${nlen}-byte nonce with a valid tag`,
      ['NonceLength'],
      envelopeText({ key, nonce, compressed: gzipMember(log), payloadType: 1 }),
      'nonce_length',
    );
  }
  bad('empty nonce', ['NonceLength'], edit({ nonce: '' }), 'nonce_length');
  bad('nonce length wins over bad payload base64', ['NonceLength'], edit({ nonce: b64(rnd(8)), payload: '###' }), 'nonce_length');
  bad('payload of 1 MiB + 1 bytes', ['PayloadSize'], edit({ payload: b64(new Uint8Array(1_048_577)) }), 'size_limit');
  bad('payload text longer than any 1 MiB payload', ['PayloadSize'], edit({ payload: 'A'.repeat(1_398_108) }), 'size_limit');
  // 6. auth
  const sealed = Buffer.from(p, 'base64');
  const flip = (i: number) => {
    const c = Buffer.from(sealed);
    c[i] = (c[i] as number) ^ 1;
    return edit({ payload: c.toString('base64') });
  };
  bad('tag bit flipped', ['Auth'], flip(sealed.length - 1), 'auth');
  bad('ciphertext bit flipped', ['Auth'], flip(3), 'auth');
  bad(
    '12-byte tag valid for its length',
    ['Auth', 'TruncatedTag'],
    envelopeText({ key, nonce: rnd(12), compressed: gzipMember(log), payloadType: 1, tagLength: 12 }),
    'auth',
  );
  bad(
    '4-byte tag valid for its length',
    ['Auth', 'TruncatedTag'],
    envelopeText({ key, nonce: rnd(12), compressed: gzipMember(log), payloadType: 1, tagLength: 4 }),
    'auth',
  );
  bad('payload shorter than a tag', ['Auth'], edit({ payload: b64(rnd(15)) }), 'auth');
  bad('empty payload', ['Auth'], edit({ payload: '' }), 'auth');
  bad(
    'sealed under another key',
    ['Auth'],
    envelopeText({ key: rnd(32), nonce: rnd(12), compressed: gzipMember(log), payloadType: 1 }),
    'auth',
  );
  bad('nonce from another envelope', ['Auth'], edit({ nonce: b64(rnd(12)) }), 'auth');
  // 7. payload type mismatch
  bad(
    'gzip labelled as zstd',
    ['WrongFormat'],
    envelopeText({ key, nonce: rnd(12), compressed: gzipMember(log), payloadType: 2 }),
    'decompress',
  );
  bad(
    'zstd labelled as gzip',
    ['WrongFormat'],
    envelopeText({ key, nonce: rnd(12), compressed: z.zstd(log), payloadType: 1 }),
    'decompress',
  );
  bad('uncompressed JSON as gzip', ['WrongFormat'], envelopeText({ key, nonce: rnd(12), compressed: log, payloadType: 1 }), 'decompress');
  bad('uncompressed JSON as zstd', ['WrongFormat'], envelopeText({ key, nonce: rnd(12), compressed: log, payloadType: 2 }), 'decompress');
  // 8. plaintext_json
  const badPlain = (comment: string, pt: Uint8Array) => {
    for (const payloadType of [1, 2]) {
      bad(
        `${comment}, payload type ${payloadType}`,
        ['PlaintextJson'],
        envelopeText({ key, nonce: rnd(12), compressed: compress(pt, payloadType), payloadType }),
        'plaintext_json',
      );
    }
  };
  badPlain('plain text', utf8('order 1042 paid'));
  badPlain('JSON array', utf8('[{"message":"x"}]'));
  badPlain('JSON string', utf8('"message"'));
  badPlain('invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x6d, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
  badPlain('overlong UTF-8 encoding', new Uint8Array([0x7b, 0x22, 0x6d, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]));
  badPlain('UTF-8 byte order mark', new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]));
  badPlain('NaN literal', utf8('{"value":NaN}'));
  badPlain('truncated JSON', utf8('{"message":"x"'));
  badPlain('empty plaintext', new Uint8Array(0));
  depthVectors(t, key, rnd, compress);
  return f;
}

/** §7 step 8: the nesting limit of 128, counted lexically outside strings, before JSON syntax. */
function depthVectors(
  t: ReturnType<VectorFile['group']>,
  key: Uint8Array,
  rnd: (n: number) => Uint8Array,
  compress: (pt: Uint8Array, payloadType: number) => Uint8Array,
): void {
  const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
  const env = (pt: Uint8Array, payloadType = 1) =>
    envelopeText({ key, nonce: rnd(12), compressed: compress(pt, payloadType), payloadType });
  for (const payloadType of [1, 2]) {
    const pt = utf8(nested(128));
    t({
      comment: `nested exactly 128 deep, payload type ${payloadType}`,
      flags: ['Valid', 'PlaintextDepth'],
      envelope: env(pt, payloadType),
      result: 'valid',
      ...expectPlaintext(pt),
    });
  }
  const inString = utf8(`{"s":"${'['.repeat(200)}\\"${'{'.repeat(200)}","n":1}`);
  t({
    comment: 'brackets and an escaped quote inside a string do not count',
    flags: ['Valid', 'PlaintextDepth'],
    envelope: env(inString),
    result: 'valid',
    ...expectPlaintext(inString),
  });
  const bad = (comment: string, pt: Uint8Array, errorClass = 'plaintext_too_deep', payloadType = 1) =>
    t({ comment, flags: ['PlaintextDepth'], envelope: env(pt, payloadType), result: 'invalid', errorClass });
  for (const payloadType of [1, 2])
    bad(`nested 129 deep, payload type ${payloadType}`, utf8(nested(129)), 'plaintext_too_deep', payloadType);
  bad('nested 200,000 deep', utf8(nested(200_000)));
  bad('nested 200 deep and never closed (depth is checked before syntax)', utf8(`{"a":${'['.repeat(200)}`));
  bad('a string ending in an escaped backslash, then 129 levels', utf8(`{"s":"\\\\","a":${'['.repeat(128)}${']'.repeat(128)}}`));
  bad('shallow but not JSON', utf8(`{"a":${'['.repeat(10)}}`), 'plaintext_json');
  bad(
    'a byte order mark before 200 levels (UTF-8 rules come first)',
    new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(nested(200))]),
    'plaintext_json',
  );
}
