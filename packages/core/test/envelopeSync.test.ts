import { createHash } from 'node:crypto';
import {
  fromHex,
  gunzipStrict,
  initZstdWasm,
  LogFluxError,
  nobleAead,
  type OpenedEntry,
  openEnvelope,
  openEnvelopeSync,
  portableProviders,
  type SyncDecoders,
  zstdDecompressWasmSync,
} from '@logflux/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readVectorFile } from './helpers/vectors.js';

/**
 * openEnvelopeSync is openEnvelope without promises: over every envelope of the test vectors, read
 * strictly and with the official-SDK rules, both give the same entry or the same error class.
 */

type Json = Record<string, unknown>;
const FILES = ['envelope_common_test.json', 'envelope_gzip_test.json', 'envelope_zstd_test.json', 'official_sdk_3_0_1_test.json'];
const GROUP_TYPES = new Set(['EnvelopeDecodeTest', 'OfficialSdkEnvelopeReadTest']);

const decoders: SyncDecoders = {
  aead: nobleAead as SyncDecoders['aead'],
  gzip: { decompress: gunzipStrict },
  zstd: { decompress: zstdDecompressWasmSync },
};

type Outcome = { ok: true; plaintext: string; entry: string; compat: string[] } | { ok: false; errorClass: string };

/** What an opening gave, compactly (a deep comparison of megabyte plaintexts is slow). */
async function outcome(run: () => OpenedEntry | Promise<OpenedEntry>): Promise<Outcome> {
  try {
    const opened = await run();
    const plaintext = createHash('sha256').update(opened.plaintext).digest('hex');
    return { ok: true, plaintext, entry: JSON.stringify(opened.entry), compat: opened.compat };
  } catch (error) {
    if (!(error instanceof LogFluxError)) throw error;
    return { ok: false, errorClass: error.errorClass };
  }
}

const cases: { name: string; envelope: string; key: Uint8Array; limit: number }[] = [];
for (const file of FILES) {
  for (const group of (readVectorFile(file) as { testGroups: Json[] }).testGroups) {
    if (!GROUP_TYPES.has(group.type as string)) continue;
    for (const test of group.tests as Json[]) {
      if (typeof test.envelope !== 'string') continue;
      cases.push({
        name: `${file} #${test.tcId as number}`,
        envelope: test.envelope,
        key: fromHex(group.key as string),
        limit: group.maxPlaintextBytes as number,
      });
    }
  }
}

describe('openEnvelopeSync', () => {
  beforeAll(() => initZstdWasm());

  it('covers the envelope vectors, valid and invalid', () => {
    expect(cases.length).toBeGreaterThan(200);
  });

  for (const compat of [false, true]) {
    it(`reads every vector envelope as openEnvelope does (${compat ? 'official-SDK rules' : 'strict'})`, async () => {
      const providers = portableProviders();
      const classes = new Set<string>();
      for (const c of cases) {
        const options = { key: c.key, maxPlaintextBytes: c.limit, compat };
        const expected = await outcome(() => openEnvelope(c.envelope, { ...options, providers }));
        const actual = await outcome(() => openEnvelopeSync(c.envelope, { ...options, providers: decoders }));
        expect(actual, c.name).toEqual(expected);
        classes.add(expected.ok ? 'valid' : expected.errorClass);
      }
      // Both outcomes occur, with several distinct error classes among them.
      expect(classes.has('valid')).toBe(true);
      expect(classes.size).toBeGreaterThan(6);
    });
  }

  it('reads an envelope given as an object, ignoring members outside the envelope', async () => {
    const c = cases.find((x) => x.name === 'envelope_gzip_test.json #1') as (typeof cases)[number];
    const object = { ...(JSON.parse(c.envelope) as Json), id: 7, received_at: 'x' };
    const opened = openEnvelopeSync(object as never, { key: c.key, providers: decoders });
    expect(opened.envelope).not.toHaveProperty('id');
    expect(opened.entry).toEqual((await openEnvelope(c.envelope, { key: c.key, providers: portableProviders() })).entry);
  });
});
