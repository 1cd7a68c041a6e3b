import { createHash } from 'node:crypto';
import type { PeerEntry, PeerSdk, PeerSealed } from '../../peer-sdks/index.js';
import { gzipMember } from '../gzipBuild.js';
import { b64 } from '../seal.js';

/** What official_sdk_3_0_1_test.json's parts share: notes, inputs and the expected flags. */
export const NOTES = {
  Js: 'Exactly as the JS SDK 3.0.1 writes it: metric_type and description, multipart without the CRLF before later delimiters.',
  Java: 'Exactly as the Java SDK 3.0.1 writes it: session key wrapped with MGF1-SHA-1, metric_type and description.',
  Go: 'Exactly as the Go SDK 3.0.1 writes it with compression off: uncompressed JSON labelled payload_type 1, nanosecond times.',
  Synthetic: 'Not SDK output: pins one compatibility rule of docs/protocol.md §7.8 at an edge.',
  KeyWrap: 'Session-key unwrap (§4.3, §7.8 rule 1).',
  Envelope: 'A stored envelope read with and without the §7.8 rules.',
  Multipart: 'A multipart/mixed ingest body split by §8.4 and §8.4.1, each part read with the §7.8 rules.',
  Malformed: 'A body no rule makes readable.',
};

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
export const gzip = (d: Uint8Array) => gzipMember(d);
export const T9 = '2026-12-01T20:05:22.103429474Z';

/** One entry of every type, the way the workload of the interop test has them. */
export const INPUTS: PeerEntry['input'][] = [
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
export const entryOf = (sdk: PeerSdk, input: PeerEntry['input'], ts = T9): PeerEntry => ({
  source: `checkout-${sdk}`,
  ts,
  attributes: { region: 'eu-west-1' },
  input,
});

/** What reading it with the §7.8 rules gives; `flags` in the order of §7.8. */
export function flagsFor(sdk: PeerSdk, type: string): string[] {
  const alias = type === 'metric' ? ['alias_metric_type'] : type === 'trace' ? ['alias_description'] : [];
  return sdk === 'go' ? ['mislabelled_uncompressed', 'timestamp_precision'] : alias;
}

export const envelopeJson = (s: PeerSealed) =>
  JSON.stringify({
    timestamp: s.timestamp,
    entry_type: s.entryType,
    payload_type: s.payloadType,
    payload: b64(s.body),
    nonce: b64(s.nonce),
    key_id: s.keyId,
  });
