import {
  ENTRY_TYPE,
  expectedEntry,
  type PeerEntry,
  type PeerSdk,
  peerMultipartBody,
  peerPlaintext,
  peerSeal,
  sdkTime,
} from '../../peer-sdks/index.js';
import { KEY_ID } from '../envelopeBuild.js';
import { b64, hex, utf8 } from '../seal.js';
import type { VectorFile } from '../vectorFile.js';
import { DEFAULT_LIMIT } from './envelopeCommon.js';
import { entryOf, flagsFor, gzip, INPUTS, sha256 } from './officialSdkShared.js';

/** Multipart requests as each SDK sends them (§8.4, §8.4.1), and malformed bodies. */
export function multipartTests(f: VectorFile, key: Uint8Array, rnd: (n: number) => Uint8Array): void {
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
