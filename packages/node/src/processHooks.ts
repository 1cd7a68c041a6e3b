/**
 * Process-end hooks of a component that must deliver before the process goes: a synchronous
 * `exit` hook, and SIGTERM/SIGINT handling that delivers, then lets the signal take its course —
 * re-raised when no other listener is left to decide what the signal does.
 */

export interface ProcessHooks {
  /** Runs at `exit` (synchronously: the event loop is gone). */
  onExit?: () => void;
  /** Handles SIGTERM and SIGINT: delivers, then the signal proceeds. */
  deliverOnSignal?: () => Promise<unknown>;
}

/** Attaches the hooks; returns the function that detaches them. */
export function attachProcessHooks(hooks: ProcessHooks): () => void {
  const { onExit, deliverOnSignal } = hooks;
  const onSignal = (signal: NodeJS.Signals) => {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    void deliverOnSignal?.().finally(() => {
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  if (onExit) process.on('exit', onExit);
  if (deliverOnSignal) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  return () => {
    if (onExit) process.removeListener('exit', onExit);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  };
}
