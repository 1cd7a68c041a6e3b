/**
 * The agent's only contact with the LogFlux client pipeline (`@logflux/node`): one client per
 * destination, which does the pinned handshake, sealing, batching, retries and the encrypted
 * spool. Everything the agent needs from a client goes through {@link Sink}, so that a change of
 * the client's API touches this file alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogFlux, type EntryInput, type FlushResult, type LogFluxNode, type NodeClientOptions } from '@logflux/node';
import { DESTINATION_DEFAULTS } from './config/defaults.js';
import { AgentConfigError } from './config/fields.js';
import type { DestinationConfig } from './config/types.js';
import type { AgentLog } from './log.js';

export type { EntryInput };

/** What happened to the entries of one {@link Sink.writeBatch}. */
export interface BatchResult {
  acknowledged: number;
  spooled: number;
  dropped: Record<string, number>;
  pending: number;
}

export interface SinkStatus {
  name: string;
  /** Whether a batch re-sent under the same key is stored once (the client's `writeBatch`). */
  exactlyOnce: boolean;
  transport: string;
  handshake: string;
  queued: { entries: number; bytes: number };
  inFlight: number;
  acknowledged: number;
  spool: { records: number; bytes: number; entries: number };
  dropped: Record<string, number>;
  lastError?: string;
}

export interface Sink {
  readonly name: string;
  readonly exactlyOnce: boolean;
  /** Sends `entries` as one unit under `idempotencyKey` and resolves with what became of them. */
  writeBatch(entries: EntryInput[], idempotencyKey: string): Promise<BatchResult>;
  /** How full the client's queue (entries or bytes) or its spool is, 0..1, whichever is fuller. */
  fill(): number;
  /** The bounds of the client's queue: inputs keep their batches to a small part of them. */
  capacity(): { entries: number; bytes: number };
  /** True while sending cannot progress by waiting (a refused API key, a failed handshake). */
  blocked(): boolean;
  status(): SinkStatus;
  /** Delivers what is queued (spooling the rest) and stops the client. */
  close(): Promise<BatchResult>;
}

/** The API key from the destination's file or environment variable; never echoed. */
export function readApiKey(dest: DestinationConfig, field: string, env = process.env): string {
  if (dest.apiKeyFile) {
    let text: string;
    try {
      text = readFileSync(dest.apiKeyFile, 'utf8');
    } catch (error) {
      throw new AgentConfigError(`${field}.apiKeyFile`, `cannot read ${dest.apiKeyFile} (${(error as NodeJS.ErrnoException).code})`);
    }
    const key = text.split(/\r?\n/)[0] ?? '';
    if (key === '') throw new AgentConfigError(`${field}.apiKeyFile`, `${dest.apiKeyFile} is empty`);
    return key;
  }
  const variable = dest.apiKeyEnv ?? 'LOGFLUX_API_KEY';
  const key = env[variable];
  if (!key) throw new AgentConfigError(`${field}.apiKeyEnv`, `the environment variable ${variable} is not set`);
  return key;
}

function sum(counts: Record<string, number | undefined>): number {
  let n = 0;
  for (const v of Object.values(counts)) n += v ?? 0;
  return n;
}

function plain(result: FlushResult): BatchResult {
  const dropped: Record<string, number> = {};
  for (const [k, v] of Object.entries(result.dropped)) if (v) dropped[k] = v;
  return { acknowledged: result.acknowledged, spooled: result.spooled, dropped, pending: result.pending };
}

class ClientSink implements Sink {
  readonly exactlyOnce = true;
  readonly #client: LogFluxNode;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  /** Spool capacity: inputs pause before the spool would evict what it holds. */
  readonly #spoolBytes: number;
  readonly #lastReport = new Map<string, number>();

  constructor(
    readonly name: string,
    dest: DestinationConfig,
    stateDir: string,
    private readonly log: AgentLog,
  ) {
    const field = `destinations.${name}`;
    this.#maxEntries = dest.maxQueueEntries ?? DESTINATION_DEFAULTS.maxQueueEntries;
    this.#maxBytes = dest.maxQueueBytes ?? DESTINATION_DEFAULTS.maxQueueBytes;
    const { apiKeyFile: _f, apiKeyEnv: _e, spool, ...tunables } = dest;
    this.#spoolBytes = spool === false ? 0 : (spool?.maxBytes ?? DESTINATION_DEFAULTS.spoolMaxBytes);
    const options: NodeClientOptions = {
      ...tunables,
      apiKey: readApiKey(dest, field),
      maxQueueEntries: this.#maxEntries,
      maxQueueBytes: this.#maxBytes,
      maxConcurrentRequests: tunables.maxConcurrentRequests ?? DESTINATION_DEFAULTS.maxConcurrentRequests,
      sealThreads: tunables.sealThreads ?? DESTINATION_DEFAULTS.sealThreads,
      spool:
        spool === false
          ? false
          : { dir: spool?.dir ?? join(stateDir, 'spool', name), maxBytes: spool?.maxBytes ?? DESTINATION_DEFAULTS.spoolMaxBytes },
      handleSignals: false,
      onError: (error) => this.#report(error.errorClass, error.message),
    };
    try {
      this.#client = createLogFlux(options);
    } catch (error) {
      throw new AgentConfigError(field, (error as Error).message);
    }
  }

  /** Client errors (never secrets or content, docs/protocol.md §2.3), at most one per class every 10 s. */
  #report(errorClass: string, message: string): void {
    const now = Date.now();
    if (now - (this.#lastReport.get(errorClass) ?? 0) < 10_000) return;
    this.#lastReport.set(errorClass, now);
    this.log.warn(`${errorClass}: ${message}`);
  }

  /**
   * `client.writeBatch`: the entries travel as their own request(s) under the key, so a re-send
   * after a crash is stored once. Its result counts the entries the client refused while taking
   * them in (a full queue, say) among the drops; anything still unaccounted for is reported
   * pending — never as delivered.
   */
  async writeBatch(entries: EntryInput[], idempotencyKey: string): Promise<BatchResult> {
    const result = plain(await this.#client.writeBatch(entries, { idempotencyKey }));
    const accounted = result.acknowledged + result.spooled + result.pending + sum(result.dropped);
    if (accounted < entries.length) result.pending += entries.length - accounted;
    return result;
  }

  fill(): number {
    const { queued, spool } = this.#client.stats();
    const spoolFill = this.#spoolBytes > 0 ? spool.bytes / this.#spoolBytes : 0;
    return Math.max(queued.entries / this.#maxEntries, queued.bytes / this.#maxBytes, spoolFill);
  }

  capacity(): { entries: number; bytes: number } {
    return { entries: this.#maxEntries, bytes: this.#maxBytes };
  }

  blocked(): boolean {
    const s = this.#client.stats();
    if (s.transport === 'unauthorized') return true;
    // A failed handshake is retried by the client after network errors; any other class is fatal.
    return s.handshake.state === 'failed' && s.lastError !== undefined && s.lastError.errorClass !== 'network';
  }

  status(): SinkStatus {
    const s = this.#client.stats();
    const dropped: Record<string, number> = {};
    for (const [k, v] of Object.entries(s.dropped)) if (v > 0) dropped[k] = v;
    return {
      name: this.name,
      exactlyOnce: this.exactlyOnce,
      transport: s.transport,
      handshake: s.handshake.state,
      queued: s.queued,
      inFlight: s.inFlight,
      acknowledged: s.acknowledged,
      spool: s.spool,
      dropped,
      ...(s.lastError ? { lastError: `${s.lastError.errorClass}: ${s.lastError.message}` } : {}),
    };
  }

  close(): Promise<BatchResult> {
    return this.#client.close().then(plain);
  }
}

/** Creates the client of one destination. Throws {@link AgentConfigError} for a bad key file or option. */
export function createSink(name: string, dest: DestinationConfig, stateDir: string, log: AgentLog): Sink {
  return new ClientSink(name, dest, stateDir, log);
}
