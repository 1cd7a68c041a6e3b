/**
 * Process-end hooks of a component that must deliver before the process goes: a synchronous
 * `exit` hook, and optionally SIGTERM/SIGINT handling that delivers, then lets the signal take its
 * course — re-raised when no other listener is left to decide what the signal does.
 */

/** Attaches the hooks; returns the function that detaches them. */
export function attachProcessHooks(onExit: () => void, deliverOnSignal?: () => Promise<unknown>): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    void deliverOnSignal?.().finally(() => {
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  process.on('exit', onExit);
  if (deliverOnSignal) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  return () => {
    process.removeListener('exit', onExit);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  };
}
