import { type ApiKey, parseApiKey } from '../config/apiKey.js';
import { type DiscoveryPlan, planDiscovery } from '../config/discovery.js';
import { PIN_PATTERN, pemToDer } from '../crypto/publicKey.js';
import { LogFluxError } from '../errors.js';
import { discoverIngestor } from '../protocol/discover.js';
import { performHandshake } from '../protocol/handshake.js';
import { isHeaderSafe } from '../protocol/multipart.js';
import type { ServiceLimits } from '../protocol/responses.js';
import type { Diagnostics } from './diagnostics.js';
import type { ResolvedOptions } from './options.js';
import type { ClientPlatform } from './platform.js';
import type { SealingKey } from './sealer.js';

/** An agreed session key: the AES key, the service's id for it, its limits, and its use so far. */
export interface Session extends SealingKey {
  readonly createdAt: number;
  /** Entries reserved against the rotation limit. */
  sealed: number;
  readonly limits: ServiceLimits;
  readonly fingerprint: string;
  /** Whether batches go as multipart: offered by the service and usable with this key id. */
  multipart: boolean;
}

/** Checks a configured pin's form synchronously, so a bad one fails at construction. */
export function checkPinOption(pin: string | undefined): void {
  if (pin === undefined) return;
  if (PIN_PATTERN.test(pin)) return;
  try {
    pemToDer(pin, 'PUBLIC KEY');
  } catch {
    throw new LogFluxError('pin_format', 'option publicKey must be the customer public key (PEM) or its fingerprint "SHA256:<64 hex>"');
  }
}

/** Errors after which retrying the handshake cannot help until the configuration changes. */
const FATAL = new Set([
  'pin_mismatch',
  'pin_format',
  'key_too_small',
  'key_format',
  'handshake_response',
  'unauthorized',
  'api_key_format',
  'unknown_region',
  'no_region',
  'invalid_url',
  'insecure_endpoint',
]);

export function isFatal(error: LogFluxError): boolean {
  return FATAL.has(error.errorClass);
}

type SessionPlatform = Pick<ClientPlatform, 'request' | 'providers' | 'userAgent'> & { log: Diagnostics };

/**
 * Discovers the ingestor, performs the handshake (protocol/handshake.ts) and keeps the session key,
 * rotating it by count and age. One handshake runs at a time; callers share it.
 */
export class SessionManager {
  readonly #apiKey: ApiKey | undefined;
  readonly #plan: DiscoveryPlan | undefined;
  readonly #options: ResolvedOptions;
  readonly #platform: SessionPlatform;
  #ingestorUrl: string | undefined;
  #current: Session | undefined;
  #pending: Promise<Session> | undefined;
  #warnedUnpinned = false;
  /** Set after the service refused a multipart batch: JSON batches for the rest of this client. */
  #noMultipart = false;
  handshakes = 0;
  state: 'none' | 'pending' | 'ready' | 'failed' = 'none';
  fatal: LogFluxError | undefined;
  /** Why no session can ever exist with this configuration (a bad key, pin or endpoint), found at construction. */
  readonly unusable: LogFluxError | undefined;

  /** Never throws: a configuration it cannot use is `unusable` (and `fatal`). */
  constructor(options: ResolvedOptions, platform: SessionPlatform, problem?: LogFluxError) {
    this.#options = options;
    this.#platform = platform;
    try {
      if (problem) throw problem;
      this.#apiKey = parseApiKey(options.apiKey);
      checkPinOption(options.publicKey);
      this.#plan = planDiscovery(this.#apiKey, options.endpoint);
    } catch (error) {
      const e = error instanceof LogFluxError ? error : new LogFluxError('invalid_option', String((error as Error)?.message ?? error));
      this.unusable = e;
      this.fatal = e;
      this.state = 'failed';
    }
  }

  /** The parsed API key (only asked for once a session exists, so never while `unusable`). */
  get apiKey(): ApiKey {
    if (!this.#apiKey) throw this.fatal;
    return this.#apiKey;
  }

  get session(): Session | undefined {
    return this.#current;
  }

  /** The ingestor URL: the configured endpoint, or discovery (docs/protocol.md §3). */
  async ingestor(): Promise<string> {
    if (!this.#plan) throw this.fatal;
    this.#ingestorUrl ??= await discoverIngestor({
      request: this.#platform.request,
      plan: this.#plan,
      apiKey: this.apiKey,
      timeoutMs: this.#options.discoveryTimeoutMs,
      ...(this.#platform.userAgent ? { userAgent: this.#platform.userAgent } : {}),
    });
    return this.#ingestorUrl;
  }

  /** The ingestor URL if it is known already (the override, or discovery has answered). */
  get knownIngestor(): string | undefined {
    return this.#plan?.kind === 'override' ? this.#plan.ingestorUrl : this.#ingestorUrl;
  }

  /** Whether the current session must be replaced before sealing `more` entries. */
  #expired(now: number, more: number): boolean {
    const s = this.#current;
    // A fresh key always takes its first batch, so a batch larger than the limit cannot loop.
    return !s || (s.sealed > 0 && s.sealed + more > this.#options.rotateAfterEntries) || now - s.createdAt > this.#options.rotateAfterMs;
  }

  /**
   * A session for `more` entries: the current one, or a new handshake. The entries are reserved
   * against the rotation limit at once, so concurrent batches cannot overshoot it.
   */
  async acquire(now: number, more = 0): Promise<Session> {
    for (;;) {
      if (this.fatal) throw this.fatal;
      if (!this.#expired(now, more)) {
        const current = this.#current as Session;
        current.sealed += more;
        return current;
      }
      this.#pending ??= this.#handshake(now).finally(() => {
        this.#pending = undefined;
      });
      // Re-check after waiting: concurrent batches may already have used up the new key.
      await this.#pending;
    }
  }

  /** Forgets the session after the service said it does not know its key id (410). */
  invalidate(keyId: string): void {
    if (this.#current?.keyId === keyId) {
      this.#current.key.fill(0);
      this.#current = undefined;
    }
  }

  /** The service refused a multipart batch (404/405/415): JSON batches from now on. */
  refuseMultipart(): void {
    this.#noMultipart = true;
    if (this.#current) this.#current.multipart = false;
  }

  get multipartRefused(): boolean {
    return this.#noMultipart;
  }

  async #handshake(now: number): Promise<Session> {
    this.state = 'pending';
    try {
      const ingestorUrl = await this.ingestor();
      const result = await performHandshake({
        request: this.#platform.request,
        ingestorUrl,
        apiKey: this.apiKey,
        pin: this.#options.publicKey,
        minRsaBits: this.#options.minRsaBits,
        providers: this.#platform.providers,
        timeoutMs: this.#options.requestTimeoutMs,
        ...(this.#platform.userAgent ? { userAgent: this.#platform.userAgent } : {}),
        onUnpinned: (fingerprint) => {
          if (this.#warnedUnpinned) return;
          this.#warnedUnpinned = true;
          this.#platform.log.warn(
            `no publicKey pin is configured, so the session key is sealed to whatever key the server returned (${fingerprint}); zero-knowledge then rests on trusting the server. Pin it with the publicKey option.`,
          );
        },
      });
      this.#current?.key.fill(0);
      this.#current = {
        key: result.key,
        keyId: result.keyId,
        keyIdJson: JSON.stringify(result.keyId),
        createdAt: now,
        sealed: 0,
        limits: result.limits,
        fingerprint: result.fingerprint,
        multipart: result.supportsMultipart && !this.#noMultipart && isHeaderSafe(result.keyId),
      };
      this.handshakes++;
      this.state = 'ready';
      const s = this.#current;
      this.#platform.log.info(
        `handshake complete with ${ingestorUrl}: key id ${s.keyId}, public key ${s.fingerprint} (${this.#options.publicKey ? 'pinned' : 'not pinned'}), ${s.multipart ? 'multipart' : 'JSON'} batches`,
      );
      return s;
    } catch (error) {
      const e =
        error instanceof LogFluxError
          ? error
          : new LogFluxError('network', `handshake failed: ${(error as Error)?.message}`, { cause: error });
      this.state = 'failed';
      if (isFatal(e)) this.fatal = e;
      throw e;
    }
  }

  dispose(): void {
    this.#current?.key.fill(0);
    this.#current = undefined;
  }
}
