import { LogFluxError } from '../errors.js';
import { PROTOCOL } from '../limits.js';
import { utf8DecodeStrict } from '../utf8Strict.js';

/**
 * The nesting depth of a JSON text by a lexical scan (docs/protocol.md §7 step 8): outside string
 * literals every `[` or `{` adds one and every `]` or `}` takes one away; the result is the highest
 * count reached. A string literal runs from `"` to the next `"` not escaped by a backslash. The scan
 * is a loop, so it cannot overflow the stack, and it is defined for any text, valid JSON or not.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
}

/**
 * Step 8 of docs/protocol.md §7: the plaintext is strict UTF-8 without a byte order mark
 * (`plaintext_json`), nested at most {@link PROTOCOL.maxPlaintextDepth} levels deep
 * (`plaintext_too_deep`, checked before parsing), and a strict JSON object (`plaintext_json`).
 */
export function parsePlaintext(plaintext: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = utf8DecodeStrict(plaintext);
  } catch {
    throw new LogFluxError('plaintext_json', 'the decrypted plaintext is not valid UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) throw new LogFluxError('plaintext_json', 'the decrypted plaintext starts with a byte order mark');
  const depth = jsonNestingDepth(text);
  if (depth > PROTOCOL.maxPlaintextDepth) {
    throw new LogFluxError(
      'plaintext_too_deep',
      `the decrypted plaintext nests ${depth} levels deep; the limit is ${PROTOCOL.maxPlaintextDepth}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // No cause: a JSON.parse message can quote part of the plaintext.
    throw new LogFluxError('plaintext_json', 'the decrypted plaintext is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LogFluxError('plaintext_json', 'the decrypted plaintext is not a JSON object');
  }
  return value as Record<string, unknown>;
}
