import { HttpError } from './respond.js';

/** One part of a multipart body: lower-cased header names and the raw body bytes. */
export interface Part {
  headers: Map<string, string>;
  body: Buffer;
}

const BCHARS = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** The boundary parameter of a `multipart/mixed` Content-Type, or undefined when absent/invalid. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  return b !== undefined && BCHARS.test(b) ? b : undefined;
}

function invalid(reason: string): never {
  throw new HttpError('invalid_request', `malformed multipart body: ${reason}`);
}

/**
 * Splits a multipart body per RFC 2046 §5.1: a delimiter is CRLF "--" boundary, recognised only at
 * the start of a line, and the CRLF before it belongs to the delimiter. A preamble and epilogue
 * are ignored; transport padding (spaces/tabs) after a delimiter is allowed.
 */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter may start the body (no preceding CRLF) or follow a preamble.
  let at = body.subarray(0, dash.length).equals(dash) ? 0 : body.indexOf(delimiter);
  if (at < 0) invalid('no opening delimiter');
  at += at === 0 && body.subarray(0, dash.length).equals(dash) ? dash.length : delimiter.length;
  const parts: Part[] = [];
  for (;;) {
    if (body.subarray(at, at + 2).toString('latin1') === '--') return parts; // close delimiter
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) invalid('delimiter line not ended by CRLF');
    at += 2;
    const next = body.indexOf(delimiter, at);
    if (next < 0) invalid('no closing delimiter');
    parts.push(parsePart(body.subarray(at, next)));
    at = next + delimiter.length;
  }
}

function parsePart(raw: Buffer): Part {
  const headers = new Map<string, string>();
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at, 'latin1');
    if (eol < 0) invalid('part headers not terminated');
    if (eol === at) return { headers, body: raw.subarray(eol + 2) };
    const line = raw.subarray(at, eol).toString('latin1');
    const colon = line.indexOf(':');
    if (colon <= 0) invalid('bad part header line');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    at = eol + 2;
  }
}
