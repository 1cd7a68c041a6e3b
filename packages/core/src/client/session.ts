import { type ApiKey, parseApiKey } from '../config/apiKey.js';
import { normaliseEndpoint } from '../config/endpoint.js';
import { PIN_PATTERN, pemToDer } from '../crypto/publicKey.js';
import { LogFluxError } from '../errors.js';
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
    throw new LogFluxError('pin_format', 'option publicKey: a PEM public key or "SHA256:<64 hex>"');
  }
}

/** Errors after which retrying the handshake cannot help until the configuration changes. */
const FATAL =
  'pin_mismatch pin_format key_too_small key_format handshake_response unauthorized api_key_format unknown_region no_region invalid_url insecure_endpoint';

export function isFatal(error: LogFluxError): boolean {
  return FATAL.split(' ').includes(error.errorClass);
}

type SessionPlatform = Pick<ClientPlatform, 'request' | 'providers' | 'userAgent'> & { log: Diagnostics };

/**
 * Discovers the ingestor, performs the handshake (protocol/handshake.ts) and keeps the session key,
 * rotating it by count and age. One handshake runs at a time; callers share it. Never throws at
 * construction: a configuration it cannot use (a bad key, pin or endpoint, or `problem`) makes it
 * `unusable` (and `fatal`).
 */
export function createSessions(options: ResolvedOptions, platform: SessionPlatform, problem?: LogFluxError) {
  let apiKey: ApiKey | undefined;
  /** The configured endpoint, normalised: no discovery then (docs/protocol.md §3). */
  let endpoint: string | undefined;
  let unusable: LogFluxError | undefined;
  try {
    if (problem) throw problem;
    apiKey = parseApiKey(options.apiKey);
    checkPinOption(options.publicKey);
    if (options.endpoint !== undefined) endpoint = normaliseEndpoint(options.endpoint, 'the endpoint override');
    else if (apiKey.region === null) throw new LogFluxError('no_region', 'API key without region: set endpoint');
  } catch (error) {
    unusable = error instanceof LogFluxError ? error : new LogFluxError('invalid_option', String((error as Error)?.message ?? error));
  }
  let ingestorUrl: string | undefined;
  let pending: Promise<Session> | undefined;
  let warnedUnpinned = false;
  /** Set after the service refused a multipart batch: JSON batches for the rest of this client. */
  let noMultipart = false;
  /** The parsed API key (only asked for once a session exists, so never while `unusable`). */
  const parsedKey = (): ApiKey => {
    if (!apiKey) throw unusable;
    return apiKey;
  };

  /** Whether the current session must be replaced before sealing `more` entries. */
  const expired = (now: number, more: number): boolean => {
    const s = sessions.session;
    // A fresh key always takes its first batch, so a batch larger than the limit cannot loop.
    return !s || (s.sealed > 0 && s.sealed + more > options.rotateAfterEntries) || now - s.createdAt > options.rotateAfterMs;
  };

  async function handshake(now: number): Promise<Session> {
    sessions.state = 'pending';
    try {
      const result = await performHandshake({
        request: platform.request,
        ingestorUrl: await sessions.ingestor(),
        apiKey: parsedKey(),
        pin: options.publicKey,
        minRsaBits: options.minRsaBits,
        providers: platform.providers,
        timeoutMs: options.requestTimeoutMs,
        userAgent: platform.userAgent,
        onUnpinned: (fingerprint) => {
          if (warnedUnpinned) return;
          warnedUnpinned = true;
          platform.log.warn(`no publicKey pin: the session key went to the server's key ${fingerprint}; pin it (option publicKey)`);
        },
      });
      sessions.dispose();
      const { key, keyId, limits, fingerprint } = result;
      sessions.session = {
        key,
        keyId,
        keyIdJson: JSON.stringify(keyId),
        createdAt: now,
        sealed: 0,
        limits,
        fingerprint,
        multipart: result.supportsMultipart && !noMultipart && isHeaderSafe(keyId),
      };
      sessions.handshakes++;
      sessions.state = 'ready';
      const s = sessions.session;
      if (platform.log.enabled('info'))
        platform.log.info(
          `handshake with ${ingestorUrl}: key id ${s.keyId}, key ${s.fingerprint}${options.publicKey ? ' (pinned)' : ''}, ${s.multipart ? 'multipart' : 'JSON'}`,
        );
      return s;
    } catch (error) {
      const e =
        error instanceof LogFluxError ? error : new LogFluxError('network', `handshake: ${(error as Error)?.message}`, { cause: error });
      sessions.state = 'failed';
      if (isFatal(e)) sessions.fatal = e;
      throw e;
    }
  }

  const sessions = {
    get apiKey(): ApiKey {
      return parsedKey();
    },
    /** Why no session can ever exist with this configuration, found at construction. */
    unusable,
    /** The current session key, if any. */
    session: undefined as Session | undefined,
    handshakes: 0,
    state: (unusable ? 'failed' : 'none') as 'none' | 'pending' | 'ready' | 'failed',
    fatal: unusable,
    /**
     * The ingestor URL: the configured endpoint, or discovery (docs/protocol.md §3), whose code is
     * loaded only then (discovery.ts, with `import()`: a page with an endpoint never fetches it).
     */
    async ingestor(): Promise<string> {
      ingestorUrl ??= endpoint ?? (await (await import('./discovery.js')).discover(parsedKey(), options.discoveryTimeoutMs, platform));
      return ingestorUrl;
    },

    /** The ingestor URL if it is known already (the override, or discovery has answered). */
    get knownIngestor(): string | undefined {
      return endpoint ?? ingestorUrl;
    },

    /**
     * A session for `more` entries: the current one, or a new handshake. The entries are reserved
     * against the rotation limit at once, so concurrent batches cannot overshoot it.
     */
    async acquire(now: number, more = 0): Promise<Session> {
      for (;;) {
        if (sessions.fatal) throw sessions.fatal;
        const current = sessions.session;
        if (current && !expired(now, more)) {
          current.sealed += more;
          return current;
        }
        pending ??= handshake(now).finally(() => {
          pending = undefined;
        });
        // Re-check after waiting: concurrent batches may already have used up the new key.
        await pending;
      }
    },

    /** Forgets the session after the service said it does not know its key id (410). */
    invalidate(keyId: string): void {
      if (sessions.session?.keyId === keyId) sessions.dispose();
    },

    /** The service refused a multipart batch (404/405/415): JSON batches from now on. */
    refuseMultipart(): void {
      noMultipart = true;
      if (sessions.session) sessions.session.multipart = false;
    },

    get multipartRefused(): boolean {
      return noMultipart;
    },

    /** Wipes the session key. */
    dispose(): void {
      sessions.session?.key.fill(0);
      sessions.session = undefined;
    },
  };
  return sessions;
}

export type SessionManager = ReturnType<typeof createSessions>;
