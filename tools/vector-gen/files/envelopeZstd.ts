import { drbg } from '../drbg.js';
import { envelopeText, expectPlaintext, TIMESTAMP } from '../envelopeBuild.js';
import { cat } from '../gzipBuild.js';
import { hex, utf8 } from '../seal.js';
import { VectorFile } from '../vectorFile.js';
import { addChecksum, dropContentSize, skippableFrame, zstdFrame } from '../zstdBuild.js';
import type { Compressors } from './compressors.js';
import { DEFAULT_LIMIT, ENVELOPE_NOTES } from './envelopeCommon.js';

/** Raw/RLE blocks spelling `{"message":"<fill × n>"}`. */
function rleJson(total: number, fill = 0x61) {
  const head = utf8('{"message":"');
  const tail = utf8('"}');
  return [
    { kind: 'raw' as const, data: head },
    { kind: 'rle' as const, byte: fill, size: total - head.length - tail.length },
    { kind: 'raw' as const, data: tail },
  ];
}

export function envelopeZstdVectors(z: Compressors): VectorFile {
  const f = new VectorFile(
    'envelope_zstd_test.json',
    'LogFlux-Envelope-PayloadType2',
    'logflux_envelope_test_schema_v1.json',
    [
      'Payload type 2: AES-256-GCM over zstd (RFC 8878), decoded strictly (docs/protocol.md §7.4).',
      'Frames come from libzstd (zstd-wasm, level 3) or are hand-built from raw and RLE blocks.',
    ],
    ENVELOPE_NOTES,
  );
  const rnd = drbg('envelope-zstd');
  const key = rnd(32);
  const t = f.group('EnvelopeDecodeTest', { key: hex(key), maxPlaintextBytes: DEFAULT_LIMIT });
  const env = (compressed: Uint8Array) => envelopeText({ key, nonce: rnd(12), compressed, payloadType: 2 });
  const ok = (comment: string, flags: string[], compressed: Uint8Array, plaintext: Uint8Array) =>
    t({ comment, flags: ['Valid', ...flags], envelope: env(compressed), result: 'valid', ...expectPlaintext(plaintext) });
  const bad = (comment: string, flags: string[], compressed: Uint8Array, errorClass = 'decompress') =>
    t({ comment, flags, envelope: env(compressed), result: 'invalid', errorClass });

  const entry = utf8(
    JSON.stringify({
      v: '2.0',
      type: 'log',
      source: 'zstd-vectors',
      level: 7,
      ts: TIMESTAMP,
      message: 'every frame of a multi-frame stream counts '.repeat(4),
    }),
  );
  const a = entry.subarray(0, 60);
  const b = entry.subarray(60);
  const frame = z.zstd(entry);
  ok('single frame from libzstd', ['Zstd'], frame, entry);
  ok('single frame at level 19', ['Zstd'], z.zstd(entry, 19), entry);
  ok('two frames split inside the JSON text', ['MultiFrame'], cat(z.zstd(a), z.zstd(b)), entry);
  ok(
    'three hand-built frames',
    ['MultiFrame'],
    cat(
      zstdFrame([{ kind: 'raw', data: a }], { contentSize: true }),
      zstdFrame([{ kind: 'raw', data: b.subarray(0, 10) }]),
      zstdFrame([{ kind: 'raw', data: b.subarray(10) }], { checksum: true }),
    ),
    entry,
  );
  ok('skippable frame first', ['Skippable'], cat(skippableFrame(utf8('metadata')), frame), entry);
  ok(
    'skippable frames between and after',
    ['Skippable', 'MultiFrame'],
    cat(z.zstd(a), skippableFrame(new Uint8Array(0), 15), z.zstd(b), skippableFrame(utf8('x'), 7)),
    entry,
  );
  ok('content checksum', ['Checksum'], addChecksum(frame, entry), entry);
  ok(
    'hand-built frame with checksum and content size',
    ['Checksum'],
    zstdFrame([{ kind: 'raw', data: entry }], { checksum: true, contentSize: true }),
    entry,
  );
  ok('raw block without content size', ['NoContentSize'], zstdFrame([{ kind: 'raw', data: entry }]), entry);
  const big = rleJson(1_536 * 1024);
  const bigText = cat(...big.map((x) => (x.kind === 'raw' ? x.data : new Uint8Array(x.size).fill(x.byte))));
  ok('1.5 MiB without content size (RLE blocks)', ['NoContentSize'], zstdFrame(big, { checksum: true }), bigText);
  const lines = utf8(
    JSON.stringify({
      v: '2.0',
      type: 'log',
      source: 'zstd-vectors',
      level: 7,
      ts: TIMESTAMP,
      message: Array.from({ length: 60000 }, (_, i) => `request ${i} served in ${(i * 7) % 97} ms`).join('\n'),
    }),
  );
  ok('1.9 MB without content size (compressed blocks)', ['NoContentSize'], dropContentSize(z.zstd(lines), lines.length), lines);
  ok(
    '1.9 MB without content size, with checksum',
    ['NoContentSize', 'Checksum'],
    addChecksum(dropContentSize(z.zstd(lines), lines.length), lines),
    lines,
  );

  bad('bad content checksum', ['Checksum', 'Corrupt'], addChecksum(frame, entry, 0xdeadbeef));
  bad(
    'bad checksum in a hand-built frame',
    ['Checksum', 'Corrupt'],
    zstdFrame([{ kind: 'raw', data: entry }], { checksum: true, checksumOverride: 1 }),
  );
  bad('reserved frame header bit', ['Corrupt'], zstdFrame([{ kind: 'raw', data: entry }], { reservedBit: true }));
  bad('frame needs a dictionary', ['Corrupt'], zstdFrame([{ kind: 'raw', data: entry }], { dictionaryId: 0x1234 }));
  bad('reserved block type', ['Corrupt'], zstdFrame([{ kind: 'raw', data: entry }], { reservedBlockType: true }));
  bad(
    'bad magic number',
    ['Corrupt'],
    (() => {
      const c = frame.slice();
      c[0] = 0x29;
      return c;
    })(),
  );
  bad('truncated frame', ['Truncated'], frame.subarray(0, frame.length - 5));
  bad('truncated frame header', ['Truncated'], frame.subarray(0, 5));
  bad('truncated checksum', ['Truncated', 'Checksum'], addChecksum(frame, entry).subarray(0, frame.length + 2));
  bad('truncated skippable frame', ['Truncated', 'Skippable'], cat(frame, skippableFrame(utf8('metadata')).subarray(0, 10)));
  bad('trailing garbage', ['Trailing'], cat(frame, utf8('garbage')));
  bad('trailing zero bytes', ['Trailing'], cat(frame, new Uint8Array(4)));
  bad('only a skippable frame', ['Skippable'], skippableFrame(entry));
  bad('empty stream', ['Truncated'], new Uint8Array(0));
  bad(
    'corrupted compressed block',
    ['Corrupt'],
    (() => {
      const c = z.zstd(lines).slice();
      for (let i = 40; i < 60; i++) c[i] = 0xff;
      return c;
    })(),
  );
  bad(
    'declared content size larger than the data',
    ['Corrupt'],
    (() => {
      const c = zstdFrame([{ kind: 'raw', data: entry }], { contentSize: true });
      c[6] = (c[6] as number) + 1;
      return c;
    })(),
  );

  bad('17 MiB bomb with content size', ['Bomb'], zstdFrame(rleJson(DEFAULT_LIMIT + 1024 * 1024), { contentSize: true }), 'size_limit');
  bad('17 MiB bomb without content size', ['Bomb', 'NoContentSize'], zstdFrame(rleJson(DEFAULT_LIMIT + 1024 * 1024)), 'size_limit');
  bad(
    'two 9 MiB frames',
    ['Bomb', 'MultiFrame'],
    cat(zstdFrame(rleJson(9 * 1024 * 1024), { contentSize: true }), zstdFrame(rleJson(9 * 1024 * 1024), { contentSize: true })),
    'size_limit',
  );

  const limit = 1024;
  const lt = f.group('EnvelopeDecodeTest', { key: hex(key), maxPlaintextBytes: limit });
  const exactBlocks = rleJson(limit, 0x62);
  const exact = cat(...exactBlocks.map((x) => (x.kind === 'raw' ? x.data : new Uint8Array(x.size).fill(x.byte))));
  lt({
    comment: 'exactly at a 1024-byte limit',
    flags: ['Valid', 'Limit'],
    envelope: env(z.zstd(exact)),
    result: 'valid',
    ...expectPlaintext(exact),
  });
  lt({
    comment: 'exactly at a 1024-byte limit without content size',
    flags: ['Valid', 'Limit', 'NoContentSize'],
    envelope: env(zstdFrame(exactBlocks)),
    result: 'valid',
    ...expectPlaintext(exact),
  });
  lt({
    comment: 'one byte over a 1024-byte limit',
    flags: ['Limit'],
    envelope: env(z.zstd(cat(exact, utf8(' ')))),
    result: 'invalid',
    errorClass: 'size_limit',
  });
  lt({
    comment: 'one byte over a 1024-byte limit without content size',
    flags: ['Limit', 'NoContentSize'],
    envelope: env(zstdFrame(rleJson(limit + 1, 0x62))),
    result: 'invalid',
    errorClass: 'size_limit',
  });
  lt({
    comment: 'frames together over a 1024-byte limit',
    flags: ['Limit', 'MultiFrame'],
    envelope: env(cat(z.zstd(exact), z.zstd(utf8(' ')))),
    result: 'invalid',
    errorClass: 'size_limit',
  });
  return f;
}
