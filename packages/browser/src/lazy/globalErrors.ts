import type { CaptureHost } from '../captures.js';

/**
 * Lazily loaded capture (option `captureGlobalErrors`): uncaught errors (`error` events on window)
 * and unhandled promise rejections as error entries (level 4, with stack frames and breadcrumbs).
 * Does not stop the browser from reporting them in the console. Returns the function that stops.
 */
export function install({ client }: CaptureHost): () => void {
  if (typeof window === 'undefined') return () => {};
  const onError = (event: ErrorEvent) => {
    // Resource load failures reach window listeners only in the capture phase; these are script errors.
    const attributes: Record<string, string> = { capture: 'window.onerror' };
    if (event.filename) attributes.file = `${event.filename}:${event.lineno}:${event.colno}`;
    client.captureError(event.error ?? event.message, { attributes });
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    client.captureError(event.reason, { attributes: { capture: 'unhandledrejection' } });
  };
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return () => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  };
}
