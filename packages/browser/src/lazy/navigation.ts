import type { CaptureHost } from '../captures.js';

/**
 * Lazily loaded capture (option `captureNavigation`): the page's own navigations as breadcrumbs
 * (category `navigation`, attached to the errors captured after them): `history.pushState` and
 * `replaceState`, back/forward (`popstate`) and hash changes. Paths only: no origin, no query
 * string; a fragment only when it is a route (`#/…`).
 */

/** Where the page is, as a breadcrumb records it. */
export function currentPath(loc: Pick<Location, 'pathname' | 'hash'>): string {
  const route = loc.hash.startsWith('#/') ? loc.hash.split('?')[0] : '';
  return `${loc.pathname}${route}`;
}

export function install(host: CaptureHost): () => void {
  let last = currentPath(location);
  let active = true;
  const record = (how: string) => {
    const to = currentPath(location);
    if (!active || to === last) return;
    host.client.addBreadcrumb({ category: 'navigation', message: `${last} → ${to}`, data: { from: last, to, how } });
    last = to;
  };
  const restore: (() => void)[] = [];
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    const wrapper = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      record(method);
      return result;
    };
    history[method] = wrapper;
    restore.push(() => {
      if (history[method] === wrapper) history[method] = original;
    });
  }
  const onPop = () => record('popstate');
  const onHash = () => record('hashchange');
  addEventListener('popstate', onPop);
  addEventListener('hashchange', onHash);
  return () => {
    active = false;
    for (const r of restore) r();
    removeEventListener('popstate', onPop);
    removeEventListener('hashchange', onHash);
  };
}
