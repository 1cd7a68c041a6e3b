/**
 * Process-end hooks of the components that must deliver before the process goes (clients, the
 * record worker, the pino transport's stream). One listener per event serves them all, so that
 * "is the SDK's listener the only one?" has an answer: on SIGTERM/SIGINT every component delivers,
 * and then — when no listener of the application is left to decide what the signal does — the
 * signal is raised again and ends the process as it would have without LogFlux.
 */

export interface ProcessHooks {
  /** Runs at `beforeExit` (the event loop is empty; asynchronous work may still start). */
  onBeforeExit?: () => void;
  /** Runs at `exit` (synchronously: the event loop is gone). */
  onExit?: () => void;
  /**
   * Handles SIGTERM and SIGINT: delivers, then the signal proceeds. `final` is true when the
   * signal will end the process afterwards (no listener of the application), so whatever cannot
   * be delivered must be put somewhere durable now.
   */
  deliverOnSignal?: (final: boolean) => Promise<unknown>;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const hooks = new Set<ProcessHooks>();
/** A signal is being handled: the signal listeners stay off until the deliveries are done. */
let handling = false;

const onBeforeExit = () => {
  for (const h of [...hooks]) run(() => h.onBeforeExit?.());
};
const onExit = () => {
  for (const h of [...hooks]) run(() => h.onExit?.());
};

function run(fn: () => void): void {
  try {
    fn();
  } catch {
    // one component's failure must not keep the others from delivering, nor change how the process ends
  }
}

function onSignal(signal: NodeJS.Signals): void {
  handling = true;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  // Listeners of the application: they decide what the signal does (ours are gone now).
  const final = process.listenerCount(signal) === 0;
  const deliveries = [...hooks].map((h) => {
    try {
      return Promise.resolve(h.deliverOnSignal?.(final)).catch(() => {});
    } catch {
      return Promise.resolve();
    }
  });
  void Promise.all(deliveries).then(() => {
    handling = false;
    // Nobody else decides what the signal does: it ends the process, as it would have without us.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    else sync();
  });
}

/** Installs the shared listeners the registered hooks need, and removes those none needs. */
function sync(): void {
  const want = (key: keyof ProcessHooks) => [...hooks].some((h) => h[key] !== undefined);
  // biome-ignore lint/suspicious/noExplicitAny: one toggle for listeners of different events
  const toggle = (event: string, on: boolean, listener: (...args: any[]) => void) => {
    const has = process.listeners(event as 'exit').includes(listener);
    if (on && !has) process.on(event, listener);
    if (!on && has) process.removeListener(event, listener);
  };
  toggle('beforeExit', want('onBeforeExit'), onBeforeExit);
  toggle('exit', want('onExit'), onExit);
  for (const s of SIGNALS) toggle(s, want('deliverOnSignal') && !handling, onSignal);
}

/** Attaches the hooks; returns the function that detaches them. */
export function attachProcessHooks(h: ProcessHooks): () => void {
  const entry = { ...h };
  hooks.add(entry);
  sync();
  return () => {
    hooks.delete(entry);
    sync();
  };
}
