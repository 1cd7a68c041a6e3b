import { createHash } from 'node:crypto';
import {
  ENTRY_TYPE,
  expectedEntry,
  type PeerEntry,
  type PeerSdk,
  type PeerSealed,
  peerMultipartBody,
  peerPlaintext,
  peerSeal,
  peerWrapSecret,
  sdkTime,
} from '../../peer-sdks/index.js';
import { drbg } from '../drbg.js';
import { KEY_ID } from '../envelopeBuild.js';
import { gzipMember } from '../gzipBuild.js';
import { readKey } from '../keys.js';
import { oaepEncrypt } from '../oaep.js';
import { b64, gcmSeal, hex, utf8 } from '../seal.js';
import { type Test, VectorFile } from '../vectorFile.js';
import { DEFAULT_LIMIT } from './envelopeCommon.js';

const NOTES = {
  Js: 'Exactly as the JS SDK 3.0.1 writes it: metric_type and description, multipart without the CRLF before later delimiters.',
  Java: 'Exactly as the Java SDK 3.0.1 writes it: session key wrapped with MGF1-SHA-1, metric_type and description.',
  Go: 'Exactly as the Go SDK 3.0.1 writes it with compression off: uncompressed JSON labelled payload_type 1, nanosecond times.',
  Synthetic: 'Not SDK output: pins one compatibility rule of docs/protocol.md §7.8 at an edge.',
  KeyWrap: 'Session-key unwrap (§4.3, §7.8 rule 1).',
  Envelope: 'A stored envelope read with and without the §7.8 rules.',
  Multipart: 'A multipart/mixed ingest body split by §8.4 and §8.4.1, each part read with the §7.8 rules.',
  Malformed: 'A body no rule makes readable.',
};

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const gzip = (d: Uint8Array) => gzipMember(d);
const T9 = '2026-12-01T20:05:22.103429474Z';

/** One entry of every type, the way the workload of the interop test has them. */
const INPUTS: PeerEntry['input'][] = [
  { type: 'log', level: 4, message: 'payment declined', logger: 'payments' },
  { type: 'metric', name: 'http.request.duration', value: 12.5, unit: 'ms', kind: 'histogram' },
  {
    type: 'trace',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    parentSpanId: 'a3ce929d0e0e4736',
    name: 'GET /orders/:id',
    operation: 'http.server',
    startTime: '2026-12-01T20:05:22.080Z',
    endTime: '2026-12-01T20:05:22.103Z',
    durationMs: 23,
    status: 'ok',
  },
  { type: 'event', event: 'user.signup' },
  { type: 'audit', action: 'role.grant', actor: 'u-17', resource: 'project', resourceId: 'prj_42', outcome: 'success' },
];
const entryOf = (sdk: PeerSdk, input: PeerEntry['input'], ts = T9): PeerEntry => ({
  source: `checkout-${sdk}`,
  ts,
  attributes: { region: 'eu-west-1' },
  input,
});

/** What reading it with the §7.8 rules gives; `flags` in the order of §7.8. */
function flagsFor(sdk: PeerSdk, type: string): string[] {
  const alias = type === 'metric' ? ['alias_metric_type'] : type === 'trace' ? ['alias_description'] : [];
  return sdk === 'go' ? ['mislabelled_uncompressed', 'timestamp_precision'] : alias;
}

const envelopeJson = (s: PeerSealed) =>
  JSON.stringify({
    timestamp: s.timestamp,
    entry_type: s.entryType,
    payload_type: s.payloadType,
    payload: b64(s.body),
    nonce: b64(s.nonce),
    key_id: s.keyId,
  });

export function officialSdkVectors(): VectorFile {
  const f = new VectorFile(
    'official_sdk_3_0_1_test.json',
    'LogFlux-Official-SDK-3.0.1',
    'logflux_official_sdk_test_schema_v1.json',
    [
      'What the official LogFlux SDKs 3.0.1 (JS, Java, Go) put on the wire, and what a decoder that applies',
      'the compatibility rules of docs/protocol.md §7.8 and §8.4.1 reads from it. Each test also says what a',
      'strict decoder (§7 and RFC 2046 only) reports: strictResult and strictErrorClass.',
    ],
    NOTES,
  );
  const rnd = drbg('official-sdk');
  keyUnwrapTests(f, rnd);
  const key = rnd(32);
  envelopeTests(f, key, rnd);
  multipartTests(f, key, rnd);
  return f;
}

function keyUnwrapTests(f: VectorFile, rnd: (n: number) => Uint8Array): void {
  const publicKeyPem = readKey('test-rsa-4096-public.pem');
  const privateKeyPem = readKey('test-rsa-4096-private.pem');
  const t = f.group('OfficialSdkKeyUnwrapTest', { keySize: 4096, privateKeyPem, publicKeyPem });
  for (const sdk of ['js', 'java', 'go'] as const) {
    const secret = rnd(32);
    const strict = sdk === 'java' ? { strictResult: 'invalid', strictErrorClass: 'oaep' } : { strictResult: 'valid' };
    t({
      comment: `${sdk} SDK session key`,
      flags: [sdk === 'java' ? 'Java' : sdk === 'js' ? 'Js' : 'Go', 'KeyWrap'],
      sdk,
      encryptedSecret: peerWrapSecret(sdk, publicKeyPem, secret, rnd),
      result: 'valid',
      secret: hex(secret),
      keyWrap: sdk === 'java' ? 'mgf1_sha1' : 'mgf1_sha256',
      ...strict,
    });
  }
  const bad = (comment: string, encryptedSecret: string, errorClass: string, strictErrorClass = errorClass) =>
    t({
      comment,
      flags: ['Synthetic', 'KeyWrap'],
      encryptedSecret,
      result: 'invalid',
      errorClass,
      strictResult: 'invalid',
      strictErrorClass,
    });
  const secret = rnd(32);
  bad('a random 512-byte encrypted_secret', b64(rnd(512)), 'oaep');
  bad('a 256-byte encrypted_secret (not the 4096-bit modulus length)', b64(rnd(256)), 'oaep');
  bad('SHA-1 for both hash and MGF', b64(oaepEncrypt(publicKeyPem, secret, rnd, { hash: 'sha1', mgfHash: 'sha1' })), 'oaep');
  bad(
    'MGF1-SHA-1 with a label',
    b64(oaepEncrypt(publicKeyPem, secret, rnd, { hash: 'sha256', mgfHash: 'sha1', label: utf8('logflux') })),
    'oaep',
  );
  bad(
    'MGF1-SHA-1 wrap of a 16-byte secret',
    b64(oaepEncrypt(publicKeyPem, rnd(16), rnd, { hash: 'sha256', mgfHash: 'sha1' })),
    'secret_length',
    'oaep',
  );
}

function envelopeTests(f: VectorFile, key: Uint8Array, rnd: (n: number) => Uint8Array): void {
  const t = f.group('OfficialSdkEnvelopeReadTest', { key: hex(key), maxPlaintextBytes: DEFAULT_LIMIT });
  for (const sdk of ['js', 'java', 'go'] as const) {
    for (const input of INPUTS) {
      const entry = entryOf(sdk, input);
      const plaintext = peerPlaintext(sdk, entry);
      const header = { entryType: ENTRY_TYPE[input.type], timestamp: sdkTime(sdk, entry.ts), keyId: KEY_ID };
      const sealed = peerSeal(sdk, key, plaintext, header, { random: rnd, gzip });
      const bytes = utf8(JSON.stringify(plaintext));
      t({
        comment: `${sdk} SDK ${input.type} entry`,
        flags: [sdk === 'java' ? 'Java' : sdk === 'js' ? 'Js' : 'Go', 'Envelope'],
        sdk,
        envelope: envelopeJson(sealed),
        result: 'valid',
        entry: expectedEntry(entry),
        compat: flagsFor(sdk, input.type),
        plaintextSha256: sha256(bytes),
        ...(sdk === 'go' ? { strictResult: 'invalid', strictErrorClass: 'decompress' } : { strictResult: 'valid' }),
      });
    }
  }
  const goLog = entryOf('go', { type: 'log', level: 7, message: 'whole milliseconds' }, '2026-12-01T20:05:22.100000000Z');
  const goSealed = peerSeal(
    'go',
    key,
    peerPlaintext('go', goLog),
    { entryType: 1, timestamp: sdkTime('go', goLog.ts), keyId: KEY_ID },
    { random: rnd },
  );
  t({
    comment: 'go SDK log whose time Go writes as .1Z',
    flags: ['Go', 'Envelope'],
    sdk: 'go',
    envelope: envelopeJson(goSealed),
    result: 'valid',
    entry: expectedEntry(goLog),
    compat: ['mislabelled_uncompressed', 'timestamp_precision'],
    plaintextSha256: sha256(utf8(JSON.stringify(peerPlaintext('go', goLog)))),
    strictResult: 'invalid',
    strictErrorClass: 'decompress',
  });
  const sealedText = (bytes: Uint8Array, compressed: boolean) => {
    const nonce = rnd(12);
    return JSON.stringify({
      timestamp: '2026-12-01T20:05:22.103Z',
      entry_type: 1,
      payload_type: 1,
      payload: b64(gcmSeal(key, nonce, compressed ? gzip(bytes) : bytes)),
      nonce: b64(nonce),
      key_id: KEY_ID,
    });
  };
  const synthetic = (comment: string, plaintext: Record<string, unknown>, entry: Record<string, unknown>, compat: string[]) => {
    const bytes = utf8(JSON.stringify(plaintext));
    t({
      comment,
      flags: ['Synthetic', 'Envelope'],
      envelope: sealedText(bytes, true),
      result: 'valid',
      entry,
      compat,
      plaintextSha256: sha256(bytes),
      strictResult: 'valid',
    });
  };
  const base = { v: '2.0', source: 's', level: 7, ts: '2026-12-01T20:05:22.103Z' };
  synthetic(
    'metric with both kind and metric_type keeps both',
    { ...base, type: 'metric', kind: 'gauge', metric_type: 'counter' },
    { ...base, type: 'metric', kind: 'gauge', metric_type: 'counter' },
    [],
  );
  synthetic(
    'metric_type and description in a log entry are not aliases',
    { ...base, type: 'log', metric_type: 'x', description: 'y' },
    { ...base, type: 'log', metric_type: 'x', description: 'y' },
    [],
  );
  synthetic(
    'trace with nanosecond start and end, no fraction in ts',
    {
      ...base,
      type: 'trace',
      name: 'n',
      ts: '2026-12-01T20:05:22Z',
      start_time: '2026-12-01T20:05:22.000000001Z',
      end_time: '2026-12-01T20:05:22.99Z',
    },
    {
      ...base,
      type: 'trace',
      name: 'n',
      ts: '2026-12-01T20:05:22.000Z',
      start_time: '2026-12-01T20:05:22.000Z',
      end_time: '2026-12-01T20:05:22.990Z',
    },
    ['timestamp_precision'],
  );
  synthetic(
    'ts with an offset is left alone',
    { ...base, type: 'event', event: 'e', ts: '2026-12-01T21:05:22.103429+01:00' },
    { ...base, type: 'event', event: 'e', ts: '2026-12-01T21:05:22.103429+01:00' },
    [],
  );
  synthetic(
    'start_time of a log entry is left alone',
    { ...base, type: 'log', message: 'm', start_time: '2026-12-01T20:05:22.1Z' },
    { ...base, type: 'log', message: 'm', start_time: '2026-12-01T20:05:22.1Z' },
    [],
  );
  const badEnvelope = (comment: string, envelope: string, errorClass: string, strictErrorClass: string, extra: Partial<Test> = {}) =>
    t({
      comment,
      flags: ['Synthetic', 'Envelope'],
      envelope,
      result: 'invalid',
      errorClass,
      strictResult: 'invalid',
      strictErrorClass,
      ...extra,
    });
  badEnvelope('payload type 1, neither gzip nor JSON', sealedText(utf8('order 1042 paid'), false), 'plaintext_json', 'decompress');
  badEnvelope(
    'payload type 1, uncompressed JSON nested 129 deep',
    sealedText(utf8(`{"a":${'['.repeat(128)}${']'.repeat(128)}}`), false),
    'plaintext_too_deep',
    'decompress',
  );
  badEnvelope('payload type 1, empty', sealedText(new Uint8Array(0), false), 'plaintext_json', 'decompress');
  badEnvelope(
    'payload type 1, gzip magic but truncated',
    sealedText(gzip(utf8('{"a":1}')).subarray(0, 12), false),
    'decompress',
    'decompress',
  );
  const small = f.group('OfficialSdkEnvelopeReadTest', { key: hex(key), maxPlaintextBytes: 64 });
  const long = utf8(JSON.stringify({ ...base, type: 'log', message: 'x'.repeat(80) }));
  small({
    comment: 'payload type 1, uncompressed JSON over a 64-byte limit',
    flags: ['Synthetic', 'Envelope'],
    envelope: sealedText(long, false),
    result: 'invalid',
    errorClass: 'size_limit',
    strictResult: 'invalid',
    strictErrorClass: 'decompress',
  });
}

function multipartTests(f: VectorFile, key: Uint8Array, rnd: (n: number) => Uint8Array): void {
  const t = f.group('OfficialSdkMultipartReadTest', { key: hex(key), maxPlaintextBytes: DEFAULT_LIMIT });
  const boundary = () => Buffer.from(rnd(16)).toString('hex');
  const parts = (sdk: PeerSdk, inputs: PeerEntry['input'][]) =>
    inputs.map((input) => {
      const entry = entryOf(sdk, input);
      const header = { entryType: ENTRY_TYPE[input.type], timestamp: sdkTime(sdk, entry.ts), keyId: KEY_ID };
      const plaintext = peerPlaintext(sdk, entry);
      return { entry, plaintext, sealed: peerSeal(sdk, key, plaintext, header, { random: rnd, gzip }) };
    });
  const valid = (sdk: PeerSdk, inputs: PeerEntry['input'][], comment: string) => {
    const b = boundary();
    const made = parts(sdk, inputs);
    const body = peerMultipartBody(
      sdk,
      made.map((m) => m.sealed),
      b,
    );
    const merged = sdk === 'js' && inputs.length > 1;
    t({
      comment,
      flags: [sdk === 'java' ? 'Java' : sdk === 'js' ? 'Js' : 'Go', 'Multipart'],
      sdk,
      contentType: `multipart/mixed; boundary=${b}`,
      body: hex(body),
      result: 'valid',
      jsFramingDelimiters: merged ? inputs.length - 1 : 0,
      parts: made.map((m) => ({
        timestamp: m.sealed.timestamp,
        entry_type: m.sealed.entryType,
        payload_type: 1,
        nonce: b64(m.sealed.nonce),
        key_id: KEY_ID,
        entry: expectedEntry(m.entry),
        compat: flagsFor(sdk, m.entry.input.type),
        plaintextSha256: sha256(utf8(JSON.stringify(m.plaintext))),
      })),
      ...(merged
        ? { strictResult: 'invalid', strictErrorClass: 'multipart_framing' }
        : { strictResult: 'valid', strictParts: inputs.length }),
    });
    return { b, body, made };
  };
  valid('js', INPUTS.slice(0, 1), 'js SDK request with one entry (framing happens to be correct)');
  const js = valid('js', INPUTS, 'js SDK request with five entries, one of each type');
  valid('java', INPUTS, 'java SDK request with five entries');
  valid('go', INPUTS, 'go SDK request with five entries');
  const text = Buffer.from(js.body).toString('latin1');
  const malformed = (comment: string, body: Uint8Array) =>
    t({
      comment,
      flags: ['Synthetic', 'Multipart', 'Malformed'],
      contentType: `multipart/mixed; boundary=${js.b}`,
      body: hex(body),
      result: 'invalid',
      errorClass: 'multipart_framing',
      strictResult: 'invalid',
      strictErrorClass: 'multipart_framing',
    });
  const closing = `\r\n--${js.b}--\r\n`;
  const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
  malformed('js SDK request cut before its closing delimiter', bytes(text.slice(0, text.length - closing.length)));
  const second = text.indexOf(`--${js.b}\r\n`, 1);
  malformed(
    'the boundary inside a part, followed by other bytes than CRLF',
    bytes(`${text.slice(0, second)}--${js.b}zz${text.slice(second + js.b.length + 4)}`),
  );
  malformed(
    'the boundary and CRLF inside a part, but no header section after it',
    bytes(`${text.slice(0, second)}--${js.b}\r\nno header section\r\n--${js.b}--\r\n`),
  );
  malformed('no delimiter with the boundary of the Content-Type', bytes(text.replaceAll(js.b, 'f'.repeat(32))));
  malformed('only a close delimiter: no part', bytes(`--${js.b}--\r\n`));
}
