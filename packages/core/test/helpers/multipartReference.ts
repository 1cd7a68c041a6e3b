import { indexOfBytes } from '../../src/bytes.js';
import type { MultipartOptions, MultipartPart, ParsedMultipart } from '../../src/codec/multipart.js';
import { LogFluxError } from '../../src/errors.js';

/**
 * The multipart reader as it was before it read the body as Latin-1 text (byte by byte, each part
 * searched apart): the reference the fuzz test holds today's parser to (multipartFuzz.test.ts).
 */

/** 1 for the bytes of an RFC 9110 token (a header name). */
const TOKEN_CHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TOKEN_CHAR[c.charCodeAt(0)] = 1;
const COLON = 0x3a;
const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;

function framing(reason: string): never {
  throw new LogFluxError('multipart_framing', `malformed multipart body: ${reason}`);
}

function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Bytes as Latin-1 text, in chunks so that a long line cannot overflow the argument list. */
function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  }
  return out;
}

/**
 * A header section starting at `at`: header lines `name: value` (name an RFC 9110 token, value
 * without leading and trailing spaces and tabs), each ending in CRLF, then an empty line. Returns the headers and the offset just after the empty line, or undefined when the bytes
 * from `at` are not a complete, well-formed header section.
 */
function headerSection(content: Uint8Array, at: number): { headers: Map<string, string>; end: number } | undefined {
  const headers = new Map<string, string>();
  for (;;) {
    const lf = content.indexOf(LF, at);
    if (lf < 0 || lf === at || content[lf - 1] !== CR) return undefined;
    const eol = lf - 1;
    if (eol === at) return { headers, end: lf + 1 };
    if (content.indexOf(CR, at) < eol) return undefined; // a bare CR inside the line
    let colon = at;
    while (colon < eol && TOKEN_CHAR[content[colon] as number] === 1) colon++;
    if (colon === at || content[colon] !== COLON) return undefined;
    const value = latin1(content.subarray(colon + 1, eol)).replace(/^[ \t]+|[ \t]+$/g, '');
    headers.set(latin1(content.subarray(at, colon)).toLowerCase(), value);
    at = lf + 1;
  }
}

/** Splits one part's content (between delimiters) into parts, applying §8.4.1 when allowed. */
function splitPart(content: Uint8Array, dashBoundary: Uint8Array, compat: boolean, index: number, out: MultipartPart[]): number {
  const first = headerSection(content, 0);
  if (!first) framing(`the headers of part ${index} are malformed or do not end with an empty line`);
  if (indexOfBytes(content.subarray(0, first.end), dashBoundary) >= 0) framing(`the headers of part ${index} contain the boundary`);
  let headers = first.headers;
  let bodyStart = first.end;
  let recovered = 0;
  for (;;) {
    const hit = indexOfBytes(content, dashBoundary, bodyStart);
    if (hit < 0) break;
    const after = hit + dashBoundary.length;
    const next = compat && content[after] === CR && content[after + 1] === LF ? headerSection(content, after + 2) : undefined;
    if (!next || indexOfBytes(content.subarray(after, next.end), dashBoundary) >= 0) {
      framing(`part ${index} contains the boundary without a CRLF before it`);
    }
    out.push({ headers, body: content.subarray(bodyStart, hit) });
    headers = next.headers;
    bodyStart = next.end;
    recovered++;
  }
  out.push({ headers, body: content.subarray(bodyStart) });
  return recovered;
}

/**
 * Splits a multipart body. Without `compat` it is RFC 2046 §5.1: a delimiter is CRLF "--" boundary
 * at the start of a line (the CRLF belongs to it), preamble and epilogue are ignored, transport
 * padding after a delimiter is allowed, and the boundary anywhere inside a part is an error. With
 * `compat`, §8.4.1 also recovers the delimiters the JS SDK 3.0.1 writes without their CRLF.
 */
export function referenceParseMultipart(body: Uint8Array, boundary: string, options: MultipartOptions = {}): ParsedMultipart {
  const dashBoundary = ascii(`--${boundary}`);
  const delimiter = ascii(`\r\n--${boundary}`);
  const startsWithDash = indexOfBytes(body.subarray(0, dashBoundary.length), dashBoundary) === 0;
  let at = startsWithDash ? dashBoundary.length : indexOfBytes(body, delimiter);
  if (at < 0) framing('no opening delimiter');
  if (!startsWithDash) at += delimiter.length;
  const parts: MultipartPart[] = [];
  let jsFramingDelimiters = 0;
  for (;;) {
    if (body[at] === DASH && body[at + 1] === DASH) {
      if (parts.length === 0) framing('no part before the close delimiter');
      return { parts, jsFramingDelimiters };
    }
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (body[at] !== CR || body[at + 1] !== LF) framing('a delimiter line does not end with CRLF');
    at += 2;
    const next = indexOfBytes(body, delimiter, at);
    if (next < 0) framing('no closing delimiter');
    jsFramingDelimiters += splitPart(body.subarray(at, next), dashBoundary, options.compat === true, parts.length, parts);
    at = next + delimiter.length;
  }
}
