import type { Lifecycle, LifecycleEvent } from '@logflux/core/runtime';
import { synchronously } from './providers.js';

/**
 * The page's lifecycle as core's: `visibilitychange` → hidden / visible, `pagehide` and `freeze` →
 * leaving (emitted while the providers answer synchronously, since promises no longer settle),
 * `pageshow` from the back/forward cache → visible, `online` → online. With `exit` false only
 * `online` is emitted. Outside a window (a worker, a server) nothing is emitted.
 */
export function pageLifecycle(exit = true): Lifecycle {
  return {
    subscribe(listener) {
      if (typeof window === 'undefined') return () => {};
      const emit = (event: LifecycleEvent) => () => listener(event);
      const onVisibility = () => listener(document.visibilityState === 'hidden' ? 'hidden' : 'visible');
      const onLeaving = () => synchronously(() => listener('leaving'));
      const onPageShow = (event: PageTransitionEvent) => {
        if (event.persisted) listener('visible');
      };
      const listeners: [EventTarget, string, EventListener][] = [[window, 'online', emit('online')]];
      if (exit)
        listeners.push(
          [document, 'visibilitychange', onVisibility],
          [document, 'freeze', onLeaving],
          [window, 'pagehide', onLeaving],
          [window, 'pageshow', onPageShow as EventListener],
        );
      for (const [target, type, fn] of listeners) target.addEventListener(type, fn, { capture: true });
      return () => {
        for (const [target, type, fn] of listeners) target.removeEventListener(type, fn, { capture: true });
      };
    },
  };
}
