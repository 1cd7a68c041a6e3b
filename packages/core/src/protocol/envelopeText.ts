import type { EntryType, PayloadType } from '../limits.js';

/**
 * The envelope JSON text (docs/protocol.md §5.1): fields in the spec's order, no whitespace. The one
 * writer of envelope text, for every sealer and for `envelopeToJson`. `payloadBase64` and
 * `nonceBase64` are base64 text (no escaping needed); `keyIdJson` is the key id already as a JSON
 * string literal (sealers encode it once per session); `timestamp` and `entryType` are optional in
 * the envelope and left out when undefined.
 */
export function envelopeJson(
  timestamp: string | undefined,
  entryType: EntryType | undefined,
  payloadType: PayloadType,
  payloadBase64: string,
  nonceBase64: string,
  keyIdJson: string,
): string {
  const ts = timestamp === undefined ? '' : `"timestamp":${quoted(timestamp)},`;
  const type = entryType === undefined ? '' : `"entry_type":${entryType},`;
  return `{${ts}${type}"payload_type":${payloadType},"payload":"${payloadBase64}","nonce":"${nonceBase64}","key_id":${keyIdJson}}`;
}

const PLAIN = /^[0-9A-Za-z:.+-]*$/;

/** A JSON string literal; RFC 3339 timestamps (the usual case) need no escaping. */
function quoted(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text);
}
