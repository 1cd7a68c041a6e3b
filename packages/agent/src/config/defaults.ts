import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the official SDKs look for the agent's Unix socket. */
export const DEFAULT_UNIX_SOCKET = '/tmp/logflux-agent.sock';

/**
 * The runtime directory the official C SDK reads `agent.secret` and `agent.pid` from:
 * `$XDG_RUNTIME_DIR/logflux`, else `$HOME/.logflux/runtime`, else `/tmp/.logflux-runtime`.
 */
export function defaultRuntimeDir(env: Record<string, string | undefined> = process.env): string {
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'logflux');
  if (env.HOME) return join(env.HOME, '.logflux', 'runtime');
  return '/tmp/.logflux-runtime';
}

/** `/var/lib/logflux-agent` for root, else `$XDG_STATE_HOME/logflux-agent` (`~/.local/state/…`). */
export function defaultStateDir(env: Record<string, string | undefined> = process.env): string {
  if (process.getuid?.() === 0) return '/var/lib/logflux-agent';
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'logflux-agent');
}

/** Loopback interfaces: 127.0.0.0/8, ::1 and `localhost`. Host names are never resolved. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) && h.split('.').every((o) => Number(o) <= 255);
}

export const INPUT_DEFAULTS = {
  maxLineBytes: 1024 * 1024,
  maxMessageBytes: 64 * 1024,
  maxBodyBytes: 4 * 1024 * 1024,
  fileMaxLineBytes: 64 * 1024,
  pollIntervalMs: 250,
  rotateWaitMs: 5000,
  chunkBytes: 256 * 1024,
  maxInFlightChunks: 8,
  fingerprintBytes: 1024,
  multilineTimeoutMs: 1000,
} as const;

export const DESTINATION_DEFAULTS = {
  source: 'logflux-agent',
  maxQueueEntries: 20_000,
  maxQueueBytes: 32 * 1024 * 1024,
  spoolMaxBytes: 256 * 1024 * 1024,
  /**
   * Requests in flight per destination (the client's default is 2). Every chunk and batch of the
   * agent is one `writeBatch` group, which leaves as one request: with 2 the agent waited for
   * acknowledgements more than it worked; the ingestor commits concurrent requests together.
   */
  maxConcurrentRequests: 4,
  /**
   * Sealing threads (`@logflux/node` starts 2 on two cores). One seals well over 100,000 entries/s,
   * more than the agent can get acknowledged; the second cost an isolate and its malloc arena.
   */
  sealThreads: 1,
} as const;
