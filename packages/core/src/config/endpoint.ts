import { LogFluxError } from '../errors.js';

/** True for `localhost`, any 127.0.0.0/8 address and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return Boolean(m?.slice(1).every((octet) => Number(octet) <= 255));
}

/**
 * Validates and normalises an ingestor base URL (docs/protocol.md §3.4): https, or http only on a
 * loopback host; no credentials, query or fragment; lowercase scheme and host, default port
 * dropped, trailing slashes removed. Checked on the text first — no whitespace, control characters
 * or backslashes anywhere, a host after `//` — because the URL parser repairs those silently.
 */
export function normaliseEndpoint(input: string, what = 'the endpoint'): string {
  let url: URL | undefined;
  try {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    if (typeof input === 'string' && !/[\s\x00-\x1f\x7f\\?#]/.test(input) && /^https?:\/\/[^/@:]/i.test(input)) url = new URL(input);
  } catch {
    // not a URL: refused below
  }
  if (!url || url.username || url.password || url.port === '0') {
    throw new LogFluxError('invalid_url', `${what}: not an http(s) URL without credentials, query or fragment`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw new LogFluxError('insecure_endpoint', `${what}: http only on loopback`);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
