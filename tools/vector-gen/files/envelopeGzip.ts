import { deflateSync } from 'fflate';
import { drbg } from '../drbg.js';
import { envelopeText, expectPlaintext, TIMESTAMP } from '../envelopeBuild.js';
import { cat, gzipMember, storedDeflate } from '../gzipBuild.js';
import { hex, utf8 } from '../seal.js';
import { VectorFile } from '../vectorFile.js';
import { DEFAULT_LIMIT, ENVELOPE_NOTES } from './envelopeCommon.js';

/** A JSON log entry whose message is `n` repetitions of a filler, `size` bytes long in total. */
export function jsonOfSize(size: number, fill = 'a'): Uint8Array {
  const head = '{"message":"';
  const tail = '"}';
  return utf8(head + fill.repeat(size - head.length - tail.length) + tail);
}

export function envelopeGzipVectors(): VectorFile {
  const f = new VectorFile(
    'envelope_gzip_test.json',
    'LogFlux-Envelope-PayloadType1',
    'logflux_envelope_test_schema_v1.json',
    [
      'Payload type 1: AES-256-GCM over gzip (RFC 1952), decoded strictly (docs/protocol.md §7.3).',
      'gzip streams here are hand-built so they can carry every header field and defect.',
    ],
    ENVELOPE_NOTES,
  );
  const rnd = drbg('envelope-gzip');
  const key = rnd(32);
  const t = f.group('EnvelopeDecodeTest', { key: hex(key), maxPlaintextBytes: DEFAULT_LIMIT });
  const env = (compressed: Uint8Array) => envelopeText({ key, nonce: rnd(12), compressed, payloadType: 1 });
  const ok = (comment: string, flags: string[], compressed: Uint8Array, plaintext: Uint8Array) =>
    t({ comment, flags: ['Valid', ...flags], envelope: env(compressed), result: 'valid', ...expectPlaintext(plaintext) });
  const bad = (comment: string, flags: string[], compressed: Uint8Array, errorClass = 'decompress') =>
    t({ comment, flags, envelope: env(compressed), result: 'invalid', errorClass });

  const entry = utf8(
    JSON.stringify({
      v: '2.0',
      type: 'log',
      source: 'gzip-vectors',
      level: 7,
      ts: TIMESTAMP,
      message: 'multi-member gzip must decode every member '.repeat(4),
    }),
  );
  const a = entry.subarray(0, 50);
  const b = entry.subarray(50, 120);
  const c = entry.subarray(120);
  ok('single member', ['Gzip'], gzipMember(entry), entry);
  ok('two members split inside the JSON text', ['MultiMember'], cat(gzipMember(a), gzipMember(entry.subarray(50))), entry);
  ok('three members', ['MultiMember'], cat(gzipMember(a), gzipMember(b), gzipMember(c)), entry);
  ok('empty member before the data', ['MultiMember'], cat(gzipMember(new Uint8Array(0)), gzipMember(entry)), entry);
  ok('empty member after the data', ['MultiMember'], cat(gzipMember(entry), gzipMember(new Uint8Array(0))), entry);
  ok('FNAME', ['GzipHeader'], gzipMember(entry, { name: 'entry.json' }), entry);
  ok('FCOMMENT', ['GzipHeader'], gzipMember(entry, { comment: 'written by a test' }), entry);
  ok('FEXTRA', ['GzipHeader'], gzipMember(entry, { extra: new Uint8Array([0x41, 0x42, 4, 0, 1, 2, 3, 4]) }), entry);
  ok('empty FEXTRA', ['GzipHeader'], gzipMember(entry, { extra: new Uint8Array(0) }), entry);
  ok('FHCRC', ['GzipHeader'], gzipMember(entry, { headerCrc: true }), entry);
  ok(
    'all header fields',
    ['GzipHeader'],
    gzipMember(entry, {
      text: true,
      name: 'a',
      comment: 'b',
      extra: new Uint8Array([1, 2, 0, 0]),
      headerCrc: true,
      mtime: 1_764_000_000,
      os: 3,
    }),
    entry,
  );
  ok('FTEXT, MTIME and OS set', ['GzipHeader'], gzipMember(entry, { text: true, mtime: 1_764_000_000, os: 3 }), entry);
  ok('stored blocks', ['Gzip'], gzipMember(entry, { deflated: storedDeflate(entry, 100) }), entry);
  const tiny = utf8('{"m":"x"}');
  ok('fixed Huffman block', ['Gzip'], gzipMember(tiny, { deflated: deflateSync(tiny, { level: 1 }) }), tiny);
  const large = utf8(
    JSON.stringify({
      v: '2.0',
      type: 'log',
      source: 'gzip-vectors',
      level: 7,
      ts: TIMESTAMP,
      message: Array.from({ length: 20000 }, (_, i) => `line ${i} of a long message`).join('\n'),
    }),
  );
  ok('a 600 KB plaintext', ['Gzip'], gzipMember(large), large);

  bad('bad CRC-32', ['Corrupt'], gzipMember(entry, { crcOverride: 0x12345678 }));
  bad('bad ISIZE', ['Corrupt'], gzipMember(entry, { isizeOverride: entry.length + 1 }));
  bad('bad CRC in the second member', ['Corrupt', 'MultiMember'], cat(gzipMember(a), gzipMember(entry.subarray(50), { crcOverride: 1 })));
  bad(
    'bad header CRC',
    ['Corrupt', 'GzipHeader'],
    (() => {
      const m = gzipMember(entry, { headerCrc: true });
      m[10] = (m[10] as number) ^ 0xff;
      return m;
    })(),
  );
  bad('reserved flag bit set', ['Corrupt', 'GzipHeader'], gzipMember(entry, { flagsOr: 0x20 }));
  bad('compression method 7', ['Corrupt', 'GzipHeader'], gzipMember(entry, { method: 7 }));
  bad(
    'bad magic',
    ['Corrupt'],
    (() => {
      const m = gzipMember(entry);
      m[1] = 0x8c;
      return m;
    })(),
  );
  const member = gzipMember(entry);
  bad('truncated inside the DEFLATE data', ['Truncated'], member.subarray(0, 30));
  bad('truncated trailer', ['Truncated'], member.subarray(0, member.length - 3));
  bad('truncated header', ['Truncated'], member.subarray(0, 6));
  bad(
    'unterminated FNAME',
    ['Truncated', 'GzipHeader'],
    cat(new Uint8Array([0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 255]), utf8('name-without-end')),
  );
  bad('trailing garbage', ['Trailing'], cat(member, utf8('garbage')));
  bad('trailing zero padding', ['Trailing'], cat(member, new Uint8Array(8)));
  bad('trailing single byte', ['Trailing'], cat(member, new Uint8Array([0x1f])));
  bad('second member truncated', ['Trailing', 'MultiMember'], cat(member, member.subarray(0, 20)));
  bad('empty stream', ['Truncated'], new Uint8Array(0));
  bad('reserved DEFLATE block type', ['Corrupt'], gzipMember(entry, { deflated: new Uint8Array([0x07, 0, 0, 0]) }));
  bad(
    'stored block length check fails',
    ['Corrupt'],
    gzipMember(entry, {
      deflated: (() => {
        const d = storedDeflate(entry);
        d[3] = (d[3] as number) ^ 1;
        return d;
      })(),
    }),
  );
  // Fixed-Huffman block whose first symbol is a match of distance 1: nothing to copy from.
  bad('distance before the start of the stream', ['Corrupt'], gzipMember(utf8('xxx'), { deflated: new Uint8Array([0x03, 0x02, 0x00]) }));
  bad('DEFLATE stream never ends', ['Truncated'], gzipMember(entry, { deflated: deflateSync(entry).subarray(0, 20) }));

  const bomb = jsonOfSize(DEFAULT_LIMIT + 1024 * 1024);
  bad('17 MiB decompression bomb', ['Bomb'], gzipMember(bomb), 'size_limit');
  const half = jsonOfSize(9 * 1024 * 1024);
  bad('two 9 MiB members', ['Bomb', 'MultiMember'], cat(gzipMember(half), gzipMember(half)), 'size_limit');

  const limit = 1024;
  const lt = f.group('EnvelopeDecodeTest', { key: hex(key), maxPlaintextBytes: limit });
  const exact = jsonOfSize(limit, 'b');
  lt({
    comment: 'exactly at a 1024-byte limit',
    flags: ['Valid', 'Limit'],
    envelope: env(gzipMember(exact)),
    result: 'valid',
    ...expectPlaintext(exact),
  });
  lt({
    comment: 'one byte over a 1024-byte limit',
    flags: ['Limit'],
    envelope: env(gzipMember(jsonOfSize(limit + 1, 'b'))),
    result: 'invalid',
    errorClass: 'size_limit',
  });
  lt({
    comment: 'members together over a 1024-byte limit',
    flags: ['Limit', 'MultiMember'],
    envelope: env(cat(gzipMember(exact.subarray(0, 600)), gzipMember(exact.subarray(600)), gzipMember(utf8(' ')))),
    result: 'invalid',
    errorClass: 'size_limit',
  });
  return f;
}
