import { LogFluxError } from '../errors.js';
import { PART_HEADER_NAMES } from './partHeaders.js';

export { indexOfBytes } from '../bytes.js';

/**
 * Reading `multipart/mixed` ingest bodies (docs/protocol.md §8.4): RFC 2046 §5.1 framing, with the
 * one compatibility rule of §8.4.1 for the JS SDK 3.0.1, which omits the CRLF before the second and
 * later delimiters. A part is never returned while it still holds the boundary: a body is either
 * split into exactly the parts that were sent, or refused with `multipart_framing`. The body is
 * read as Latin-1 text once (one character per byte, so offsets are the same), searched with the
 * engine's string search, and each part's payload is a view into the bytes.
 */

/** One part: lower-cased header names, their values, and the raw body bytes. */
export interface MultipartPart {
  headers: Map<string, string>;
  body: Uint8Array;
}

export interface ParsedMultipart {
  parts: MultipartPart[];
  /** How many delimiters were recovered by the JS SDK 3.0.1 rule (§8.4.1); 0 for correct framing. */
  jsFramingDelimiters: number;
}

/** How {@link parseMultipart} reads a body. */
export interface MultipartOptions {
  /** Apply the JS SDK 3.0.1 rule of §8.4.1 (default false: RFC 2046 only). */
  compat?: boolean;
  /** The body as Latin-1 text (one character per byte), when the runtime has a faster decoder than the default. */
  latin1?: (bytes: Uint8Array) => string;
}

const BCHARS = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
/** 1 for the characters of an RFC 9110 token (a header name). */
const TOKEN_CHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TOKEN_CHAR[c.charCodeAt(0)] = 1;

/** The boundary parameter of a `multipart/mixed` Content-Type, or undefined when absent or invalid. */
export function multipartBoundary(contentType: string): string | undefined {
  if (!/^multipart\/mixed\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  return b !== undefined && BCHARS.test(b) ? b : undefined;
}

function framing(reason: string): never {
  throw new LogFluxError('multipart_framing', `malformed multipart body: ${reason}`);
}

/** Bytes as Latin-1 text, in chunks so that a long body cannot overflow the argument list. */
function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return out;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09;

/** The part headers of §8.4 as written, by length (all six differ), with their lower-cased names. */
const KNOWN_NAMES = new Map<number, readonly [string, string]>(
  PART_HEADER_NAMES.map((name) => [name.length, [name, name.toLowerCase()]] as const),
);

/** The lower-cased header name from `from` to the colon at `colon`, or undefined when it is not an RFC 9110 token. */
function headerName(text: string, from: number, colon: number): string | undefined {
  const known = KNOWN_NAMES.get(colon - from);
  if (known !== undefined && text.startsWith(known[0], from)) return known[1];
  if (colon === from) return undefined;
  for (let i = from; i < colon; i++) if (TOKEN_CHAR[text.charCodeAt(i)] !== 1) return undefined;
  return text.slice(from, colon).toLowerCase();
}

/**
 * A header section of `text` from `at` to at most `limit`: header lines `name: value` (name an RFC
 * 9110 token, value without leading and trailing spaces and tabs), each ending in CRLF, then an
 * empty line. Returns the headers and the offset just after the empty line, or undefined when the
 * text there is not a complete, well-formed header section. Whether the section holds the
 * boundary (one of `hits`, where it occurs in the part) comes apart (`holdsBoundary`).
 */
function headerSection(
  text: string,
  at: number,
  limit: number,
  hits: readonly number[],
): { headers: Map<string, string>; end: number; holdsBoundary: boolean } | undefined {
  const headers = new Map<string, string>();
  if (text.startsWith('\r\n', at) && at + 2 <= limit) return { headers, end: at + 2, holdsBoundary: false };
  const blank = text.indexOf('\r\n\r\n', at);
  if (blank < 0 || blank + 4 > limit) return undefined;
  for (let line = at; line <= blank; ) {
    // The line's first CR must begin its CRLF (at most `blank`), and its first LF end it: no bare CR or LF.
    const eol = text.indexOf('\r', line);
    if (text.charCodeAt(eol + 1) !== 0x0a || text.indexOf('\n', line) !== eol + 1) return undefined;
    const colon = text.indexOf(':', line);
    if (colon < 0 || colon > eol) return undefined;
    const name = headerName(text, line, colon);
    if (name === undefined) return undefined;
    let from = colon + 1;
    let to = eol;
    while (from < to && isSpace(text.charCodeAt(from))) from++;
    while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
    headers.set(name, text.slice(from, to));
    line = eol + 2;
  }
  let holdsBoundary = false;
  for (const h of hits)
    if (h >= at && h < blank) {
      holdsBoundary = true;
      break;
    }
  return { headers, end: blank + 4, holdsBoundary };
}

/**
 * Splits one part's content (`from` to `to`, between delimiters) into parts, applying §8.4.1 when
 * allowed. `hits`: where the boundary occurs inside the content (without a CRLF before it), in order.
 */
function splitPart(
  bytes: Uint8Array,
  text: string,
  from: number,
  to: number,
  hits: readonly number[],
  dash: string,
  compat: boolean,
  out: MultipartPart[],
): number {
  const index = out.length;
  const first = headerSection(text, from, to, hits);
  if (!first) framing(`the headers of part ${index} are malformed or do not end with an empty line`);
  if (first.holdsBoundary) framing(`the headers of part ${index} contain the boundary`);
  let headers = first.headers;
  let bodyStart = first.end;
  let recovered = 0;
  for (const hit of hits) {
    if (hit < bodyStart) continue; // inside a header section, which was checked for it
    const after = hit + dash.length;
    const next = compat && text.startsWith('\r\n', after) && after + 2 <= to ? headerSection(text, after + 2, to, hits) : undefined;
    if (!next || next.holdsBoundary) framing(`part ${index} contains the boundary without a CRLF before it`);
    out.push({ headers, body: bytes.subarray(bodyStart, hit) });
    headers = next.headers;
    bodyStart = next.end;
    recovered++;
  }
  out.push({ headers, body: bytes.subarray(bodyStart, to) });
  return recovered;
}

/**
 * Splits a multipart body. Without `compat` it is RFC 2046 §5.1: a delimiter is CRLF "--" boundary
 * at the start of a line (the CRLF belongs to it), preamble and epilogue are ignored, transport
 * padding after a delimiter is allowed, and the boundary anywhere inside a part is an error. With
 * `compat`, §8.4.1 also recovers the delimiters the JS SDK 3.0.1 writes without their CRLF.
 */
export function parseMultipart(body: Uint8Array, boundary: string, options: MultipartOptions = {}): ParsedMultipart {
  // A plain view: a Node Buffer's subarray() costs far more than a Uint8Array's, once per part.
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.length);
  const text = (options.latin1 ?? latin1)(bytes);
  const dash = `--${boundary}`;
  const delimiter = `\r\n${dash}`;
  const startsWithDash = text.startsWith(dash);
  let at = startsWithDash ? dash.length : text.indexOf(delimiter);
  if (at < 0) framing('no opening delimiter');
  if (!startsWithDash) at += delimiter.length;
  const parts: MultipartPart[] = [];
  let jsFramingDelimiters = 0;
  for (;;) {
    if (text.startsWith('--', at)) {
      if (parts.length === 0) framing('no part before the close delimiter');
      return { parts, jsFramingDelimiters };
    }
    while (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09) at++;
    if (!text.startsWith('\r\n', at)) framing('a delimiter line does not end with CRLF');
    at += 2;
    // One search per part: the first boundary with a CRLF before it ends the part (a delimiter);
    // any before that one are inside the part.
    const hits: number[] = [];
    let hit = text.indexOf(dash, at);
    while (hit >= 0 && !(hit - 2 >= at && text.startsWith('\r\n', hit - 2))) {
      hits.push(hit);
      hit = text.indexOf(dash, hit + 1);
    }
    if (hit < 0) framing('no closing delimiter');
    jsFramingDelimiters += splitPart(bytes, text, at, hit - 2, hits, dash, options.compat === true, parts);
    at = hit + dash.length;
  }
}
