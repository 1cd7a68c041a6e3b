import { ENTRY_TYPE, expectedEntry, peerPlaintext, peerSeal, sdkTime } from '../../peer-sdks/index.js';
import { KEY_ID } from '../envelopeBuild.js';
import { b64, gcmSeal, hex, utf8 } from '../seal.js';
import type { Test, VectorFile } from '../vectorFile.js';
import { DEFAULT_LIMIT } from './envelopeCommon.js';
import { entryOf, envelopeJson, flagsFor, gzip, INPUTS, sha256 } from './officialSdkShared.js';

/** Stored envelopes as each SDK's entries arrive, and synthetic edges of §7.8 rules 2 to 4. */
export function envelopeTests(f: VectorFile, key: Uint8Array, rnd: (n: number) => Uint8Array): void {
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
