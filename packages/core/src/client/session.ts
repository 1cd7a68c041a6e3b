import { type ApiKey, parseApiKey } from '../config/apiKey.js';
import { type DiscoveryPlan, parseAuthenticatedDiscovery, parseStaticDiscovery, planDiscovery } from '../config/discovery.js';
import { checkPin, PIN_PATTERN, parseCustomerPublicKey, pemToDer } from '../crypto/publicKey.js';
import { wrapSessionKey } from '../crypto/rsaOaep.js';
import { LogFluxError } from '../errors.js';
import { parseHandshakeComplete, parseHandshakeInit, type ServiceLimits } from '../handshake/responses.js';
import type { ResolvedOptions } from './options.js';
import type { ClientPlatform, HttpResponse } from './platform.js';

/** An agreed session key: the AES key, the service's id for it, and its use so far. */
export interface Session {
  readonly key: Uint8Array;
  readonly keyId: string;
  /** `key_id` as a JSON string literal, ready to splice into envelopes. */
  readonly keyIdJson: string;
  readonly createdAt: number;
  sealed: number;
  readonly limits: ServiceLimits;
  readonly fingerprint: string;
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

/**
 * Discovers the ingestor, performs the handshake and keeps the session key. The customer's key is
 * checked against the pin before a session key even exists, so a substituted key never receives
 * one. One handshake runs at a time; callers share it.
 */
export class SessionManager {
  readonly apiKey: ApiKey;
  readonly #plan: DiscoveryPlan;
  #ingestorUrl: string | undefined;
  #current: Session | undefined;
  #pending: Promise<Session> | undefined;
  #warnedUnpinned = false;
  handshakes = 0;
  state: 'none' | 'pending' | 'ready' | 'failed' = 'none';
  fatal: LogFluxError | undefined;
  readonly #options: ResolvedOptions;
  readonly #platform: Required<Pick<ClientPlatform, 'request' | 'diagnostic'>> & ClientPlatform;

  constructor(options: ResolvedOptions, platform: Required<Pick<ClientPlatform, 'request' | 'diagnostic'>> & ClientPlatform) {
    this.#options = options;
    this.#platform = platform;
    this.apiKey = parseApiKey(options.apiKey);
    checkPinOption(options.publicKey);
    this.#plan = planDiscovery(this.apiKey, options.endpoint);
  }

  get session(): Session | undefined {
    return this.#current;
  }

  headers(): Record<string, string> {
    return {
      Authorization: `Bearer ${this.apiKey.reveal()}`,
      'Content-Type': 'application/json',
      'User-Agent': this.#platform.userAgent ?? 'logflux-js/0.1.0',
    };
  }

  async #send(url: string, method: 'GET' | 'POST', body: string | undefined, timeoutMs: number, auth = true): Promise<HttpResponse> {
    try {
      return await this.#platform.request({
        url,
        method,
        headers: auth ? this.headers() : { 'User-Agent': this.#platform.userAgent ?? 'logflux-js/0.1.0' },
        ...(body !== undefined ? { body } : {}),
        timeoutMs,
      });
    } catch (error) {
      throw new LogFluxError('network', `cannot reach ${new URL(url).host}: ${(error as Error)?.message ?? 'network error'}`, {
        cause: error,
      });
    }
  }

  /** The ingestor URL: the configured endpoint, or discovery (static, then authenticated). */
  async ingestor(): Promise<string> {
    const plan = this.#plan;
    if (plan.kind === 'override') return plan.ingestorUrl;
    if (this.#ingestorUrl) return this.#ingestorUrl;
    let firstError: unknown;
    try {
      const res = await this.#send(plan.staticUrl, 'GET', undefined, this.#options.discoveryTimeoutMs, false);
      if (res.status === 200) {
        this.#ingestorUrl = parseStaticDiscovery(res.body);
        return this.#ingestorUrl;
      }
      firstError = new LogFluxError('discovery_response', `static discovery answered ${res.status}`);
    } catch (error) {
      firstError = error;
    }
    const res = await this.#send(plan.authenticatedUrl, 'GET', undefined, this.#options.discoveryTimeoutMs);
    if (res.status === 401 || res.status === 403) throw new LogFluxError('unauthorized', 'discovery refused the API key');
    if (res.status !== 200)
      throw new LogFluxError('network', `discovery failed (static: ${(firstError as Error)?.message}; authenticated: ${res.status})`);
    this.#ingestorUrl = parseAuthenticatedDiscovery(res.body);
    return this.#ingestorUrl;
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

  async #handshake(now: number): Promise<Session> {
    this.state = 'pending';
    try {
      const base = await this.ingestor();
      const init = await this.#send(
        `${base}/v1/handshake/init`,
        'POST',
        JSON.stringify({ api_key: this.apiKey.reveal() }),
        this.#options.requestTimeoutMs,
      );
      if (init.status === 401 || init.status === 403)
        throw new LogFluxError('unauthorized', `the ingestor refused the API key (${init.status})`);
      if (init.status !== 200) throw new LogFluxError('network', `handshake/init answered ${init.status}`);
      const parsed = parseHandshakeInit(init.body);
      const { sha256, rsaOaepEncrypt } = this.#platform.providers;
      const publicKey = await parseCustomerPublicKey(parsed.publicKeyPem, this.#options.minRsaBits, sha256);
      if (this.#options.publicKey !== undefined) {
        await checkPin(publicKey, this.#options.publicKey, sha256);
      } else if (!this.#warnedUnpinned) {
        this.#warnedUnpinned = true;
        this.#platform.diagnostic(
          `logflux: no publicKey pin is configured, so the session key is sealed to whatever key the server returned (${publicKey.fingerprint}); zero-knowledge then rests on trusting the server. Pin it with the publicKey option.`,
        );
      }
      // Only now, with the key verified, does a session key come into existence.
      const key = globalThis.crypto.getRandomValues(new Uint8Array(32));
      const wrapped = await wrapSessionKey(publicKey, key, rsaOaepEncrypt);
      const complete = await this.#send(
        `${base}/v1/handshake/complete`,
        'POST',
        JSON.stringify({ api_key: this.apiKey.reveal(), encrypted_secret: wrapped }),
        this.#options.requestTimeoutMs,
      );
      if (complete.status === 401 || complete.status === 403)
        throw new LogFluxError('unauthorized', `the ingestor refused the API key (${complete.status})`);
      if (complete.status !== 200) {
        key.fill(0);
        throw new LogFluxError('network', `handshake/complete answered ${complete.status}`);
      }
      const { keyId } = parseHandshakeComplete(complete.body);
      this.#current?.key.fill(0);
      this.#current = {
        key,
        keyId,
        keyIdJson: JSON.stringify(keyId),
        createdAt: now,
        sealed: 0,
        limits: parsed.limits,
        fingerprint: publicKey.fingerprint,
      };
      this.handshakes++;
      this.state = 'ready';
      return this.#current;
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
