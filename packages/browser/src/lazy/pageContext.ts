import type { CaptureHost, PageContextOptions } from '../captures.js';

/**
 * Lazily loaded capture (option `pageContext`): attributes on every entry logged from then on —
 * `page.url` (origin and path: no query string or fragment, which may hold tokens, unless
 * `query: true`), `page.referrer` (the referrer's origin only), `page.user_agent`,
 * `page.viewport` (`<width>x<height>` in CSS pixels) and `page.session_id` (random, kept in
 * sessionStorage: the same for every page of a tab's session, new for each tab). Entries logged
 * before this chunk has loaded (right after createLogFlux) do not have them.
 */

const SESSION_KEY = 'logflux.session';

/** The page URL as recorded: origin and path, and with `query` the query string and fragment too. */
export function pageUrl(href: string, query = false): string {
  if (query) return href;
  const url = new URL(href);
  return `${url.origin}${url.pathname}`;
}

/** The origin of a referrer URL, or undefined (none, or not a URL). */
export function referrerOrigin(referrer: string): string | undefined {
  try {
    return referrer ? new URL(referrer).origin : undefined;
  } catch {
    return undefined;
  }
}

function randomId(): string {
  let hex = '';
  for (const b of crypto.getRandomValues(new Uint8Array(16))) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The tab session's id, from sessionStorage (created there once); a page-only id where storage is refused. */
export function sessionId(): string {
  try {
    let id = sessionStorage.getItem(SESSION_KEY);
    if (!id) {
      id = randomId();
      sessionStorage.setItem(SESSION_KEY, id);
    }
    return id;
  } catch {
    return randomId(); // sandboxed frames, some privacy modes
  }
}

export function install(host: CaptureHost, options: PageContextOptions): () => void {
  const session = sessionId();
  const referrer = referrerOrigin(document.referrer);
  host.setContext(() => ({
    'page.url': pageUrl(location.href, options.query),
    'page.referrer': referrer,
    'page.user_agent': navigator.userAgent,
    'page.viewport': `${innerWidth}x${innerHeight}`,
    'page.session_id': session,
  }));
  return () => host.setContext(() => undefined);
}
