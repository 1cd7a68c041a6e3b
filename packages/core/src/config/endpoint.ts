import { LogFluxError } from '../errors.js';

const DEFAULT_PORT: Record<string, string> = { 'https:': '443', 'http:': '80' };

/** True for `localhost`, any 127.0.0.0/8 address and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return Boolean(m?.slice(1).every((octet) => Number(octet) <= 255));
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function invalid(what: string, reason: string): never {
  throw new LogFluxError('invalid_url', `${what} is not a usable URL: ${reason}`);
}

/**
 * Validates and normalises an ingestor base URL (docs/protocol.md §3.4): https, or http only on a
 * loopback host; no credentials, query or fragment; lowercase scheme and host, default port
 * dropped, trailing slashes removed.
 */
export function normaliseEndpoint(input: string, what = 'the endpoint'): string {
  if (typeof input !== 'string' || input.trim() !== input || input === '') invalid(what, 'empty or padded with whitespace');
  if (/[\s\\]/.test(input) || hasControlCharacter(input)) {
    invalid(what, 'whitespace, backslashes and control characters are not allowed');
  }
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(input);
  if (!authority) invalid(what, 'not an absolute http(s) URL');
  if (authority[1] === '') invalid(what, 'the host is empty');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    invalid(what, 'it does not parse');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') invalid(what, 'the scheme must be https (or http on loopback)');
  if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/]*@/i.test(input))
    invalid(what, 'credentials are not allowed in the URL');
  if (input.includes('?')) invalid(what, 'a query string is not allowed');
  if (input.includes('#')) invalid(what, 'a fragment is not allowed');
  if (url.hostname === '') invalid(what, 'the host is empty');
  if (url.port === '0') invalid(what, 'port 0 is not allowed');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new LogFluxError('insecure_endpoint', `${what} uses http on a non-loopback host; https is required`);
  }
  const port = url.port !== '' && url.port !== DEFAULT_PORT[url.protocol] ? `:${url.port}` : '';
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.hostname}${port}${path}`;
}
