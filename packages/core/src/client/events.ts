import type { LogFluxError } from '../errors.js';
import type { DropReason } from './stats.js';

/** What a client tells its observers (`client.on(...)`). */
export interface ClientEvents {
  /** Entries the ingestor stored, with the clock times they were logged at and the time now. */
  acknowledged: (loggedAt: readonly number[], now: number) => void;
  /** Entries that will never be stored, by reason. */
  drop: (reason: DropReason, count: number) => void;
  /** Every error the client handles (as `onError`). */
  error: (error: LogFluxError) => void;
}

export type ClientEventName = keyof ClientEvents;

/** A minimal typed emitter: listeners never break the client (their exceptions are swallowed). */
export function createEmitter() {
  const listeners: { [K in ClientEventName]: Set<ClientEvents[K]> } = { acknowledged: new Set(), drop: new Set(), error: new Set() };
  return {
    on<K extends ClientEventName>(event: K, listener: ClientEvents[K]): () => void {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },
    has(event: ClientEventName): boolean {
      return listeners[event].size > 0;
    },
    emit<K extends ClientEventName>(event: K, ...args: Parameters<ClientEvents[K]>): void {
      for (const listener of listeners[event]) {
        try {
          (listener as (...a: Parameters<ClientEvents[K]>) => void)(...args);
        } catch {
          // an observer must not break the client
        }
      }
    },
  };
}

export type Emitter = ReturnType<typeof createEmitter>;
