import { type ApiKey, parseApiKey } from '../config/apiKey.js';
import { normaliseEndpoint } from '../config/endpoint.js';
import { PIN_PATTERN, pemToDer } from '../crypto/publicKey.js';
import { LogFluxError } from '../errors.js';
import { performHandshake } from '../protocol/handshake.js';
import { isHeaderSafe } from '../protocol/multipart.js';
import type { ServiceLimits } from '../protocol/responses.js';
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
    throw new LogFluxError('pin_format', 'option publicKey: a PEM public key or "SHA256:<64 hex>"');
  }
}

/** Errors after which retrying the handshake cannot help until the configuration changes. */
const FATAL =
  'pin_mismatch pin_format key_too_small key_format handshake_response unauthorized api_key_format unknown_region no_region invalid_url insecure_endpoint';

export function isFatal(error: LogFluxError): boolean {
  return FATAL.split(' ').includes(error.errorClass);
}

type SessionPlatform = Pick<ClientPlatform, 'request' | 'providers' | 'userAgent'> & { diagnostic: (message: string) => void };

/**
 * Discovers the ingestor, performs the handshake (protocol/handshake.ts) and keeps the session key,
 * rotating it by count and age. One handshake runs at a time; callers share it.
 */
export class SessionManager {
  readonly apiKey: ApiKey;
  /** The configured endpoint, normalised: no discovery then (docs/protocol.md §3). */
  readonly #endpoint: string | undefined;
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

  constructor(options: ResolvedOptions, platform: SessionPlatform) {
    this.#options = options;
    this.#platform = platform;
    this.apiKey = parseApiKey(options.apiKey);
    checkPinOption(options.publicKey);
    if (options.endpoint !== undefined) this.#endpoint = normaliseEndpoint(options.endpoint, 'the endpoint override');
    else if (this.apiKey.region === null) throw new LogFluxError('no_region', 'API key without region prefix: no discovery; set endpoint');
  }

  get session(): Session | undefined {
    return this.#current;
  }

  /**
   * The ingestor URL: the configured endpoint, or discovery (docs/protocol.md §3), whose code is
   * loaded only then (discovery.ts, with `import()`: a page with an endpoint never fetches it).
   */
  async ingestor(): Promise<string> {
    this.#ingestorUrl ??=
      this.#endpoint ?? (await (await import('./discovery.js')).discover(this.apiKey, this.#options.discoveryTimeoutMs, this.#platform));
    return this.#ingestorUrl;
  }

  /** The ingestor URL if it is known already (the override, or discovery has answered). */
  get knownIngestor(): string | undefined {
    return this.#endpoint ?? this.#ingestorUrl;
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
        userAgent: this.#platform.userAgent,
        onUnpinned: (fingerprint) => {
          if (this.#warnedUnpinned) return;
          this.#warnedUnpinned = true;
          this.#platform.diagnostic(
            `logflux: no publicKey pin: the session key went to the key the server sent (${fingerprint}), so zero-knowledge rests on trusting it. Pin it with option publicKey.`,
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
      return this.#current;
    } catch (error) {
      const e =
        error instanceof LogFluxError ? error : new LogFluxError('network', `handshake: ${(error as Error)?.message}`, { cause: error });
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
