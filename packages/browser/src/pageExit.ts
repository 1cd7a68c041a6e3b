/** What the client does when the page's lifecycle changes. */
export interface PageLifecycleHooks {
  /** The page was hidden (tab switch, app switch, or the first step of closing): deliver now. */
  hidden(): void;
  /** The page is being unloaded or frozen: only synchronous work still runs. */
  leaving(): void;
  /** The page is visible again, or came back from the back/forward cache. */
  visible(): void;
  /** The browser reports the network is back. */
  online(): void;
}

/**
 * Listens to the page lifecycle: `visibilitychange` (hidden / visible), `pagehide` and `freeze`
 * (leaving), `pageshow` from the back/forward cache and `online`. Returns the function that
 * removes the listeners. Does nothing outside a window (a worker, a server).
 */
export function watchPageLifecycle(hooks: PageLifecycleHooks): () => void {
  if (typeof window === 'undefined') return () => {};
  const onVisibility = () => (document.visibilityState === 'hidden' ? hooks.hidden() : hooks.visible());
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) hooks.visible();
  };
  const listeners: [EventTarget, string, EventListener][] = [
    [document, 'visibilitychange', onVisibility],
    [document, 'freeze', hooks.leaving],
    [window, 'pagehide', hooks.leaving],
    [window, 'pageshow', onPageShow as EventListener],
    [window, 'online', hooks.online],
  ];
  for (const [target, type, fn] of listeners) target.addEventListener(type, fn, { capture: true });
  return () => {
    for (const [target, type, fn] of listeners) target.removeEventListener(type, fn, { capture: true });
  };
}
