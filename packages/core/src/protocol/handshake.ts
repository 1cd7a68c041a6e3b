import type { ApiKey } from '../config/apiKey.js';
import { checkPin, parseCustomerPublicKey } from '../crypto/publicKey.js';
import { wrapSessionKey } from '../crypto/rsaOaep.js';
import { LogFluxError } from '../errors.js';
import { PROTOCOL } from '../limits.js';
import type { CodecProviders } from '../providers.js';
import { callService } from './call.js';
import { DEFAULT_USER_AGENT, JSON_CONTENT_TYPE, PATHS, serviceHeaders } from './endpoints.js';
import type { HttpResponse, RequestFunction } from './http.js';
import { parseHandshakeComplete, parseHandshakeInit, type ServiceLimits } from './responses.js';

export interface HandshakeOptions {
  request: RequestFunction;
  /** The ingestor base URL, normalised (docs/protocol.md §3.4). */
  ingestorUrl: string;
  apiKey: ApiKey;
  /** The pin: the customer's public key PEM or its `SHA256:` fingerprint. */
  pin?: string | undefined;
  /** Smallest RSA modulus accepted (default 4096). */
  minRsaBits?: number;
  /** SHA-256, RSA-OAEP and the key-size reading where Web Crypto is missing (browser pages outside secure contexts). */
  providers?: Pick<CodecProviders, 'sha256' | 'rsaOaepEncrypt' | 'rsaModulusBits'>;
  timeoutMs: number;
  userAgent?: string;
  /** Told the fingerprint of the key the service returned when no pin is configured. */
  onUnpinned?: (fingerprint: string) => void;
}

/** An agreed session key. The caller owns `key` and wipes it when the session ends. */
export interface HandshakeResult {
  key: Uint8Array;
  keyId: string;
  limits: ServiceLimits;
  supportsMultipart: boolean;
  /** `SHA256:` fingerprint of the customer key the session key was wrapped for. */
  fingerprint: string;
  /** The wrapped key as sent in `handshake/complete` (base64). */
  encryptedSecret: string;
}

function refuseStatus(step: string, res: HttpResponse): never {
  const unauthorized = res.status === 401 || res.status === 403;
  throw new LogFluxError(
    unauthorized ? 'unauthorized' : 'network',
    `${step}: ${unauthorized ? 'API key refused' : 'status'} ${res.status}`,
  );
}

/**
 * The handshake of docs/protocol.md §4: `handshake/init` returns the customer's public key, which
 * is parsed, size-checked and compared with the pin before a session key exists, so a substituted
 * key never receives one; then a fresh AES-256 key is wrapped with RSA-OAEP and registered with
 * `handshake/complete`. The one implementation, for the client, the CLI and tests.
 */
export async function performHandshake(options: HandshakeOptions): Promise<HandshakeResult> {
  const { request, ingestorUrl, apiKey, timeoutMs, providers } = options;
  const headers = serviceHeaders(apiKey.reveal(), options.userAgent ?? DEFAULT_USER_AGENT, JSON_CONTENT_TYPE);
  const body = (extra: Record<string, string>) => JSON.stringify({ api_key: apiKey.reveal(), ...extra });
  const init = await callService(request, `${ingestorUrl}${PATHS.handshakeInit}`, 'POST', headers, body({}), timeoutMs);
  if (init.status !== 200) refuseStatus('handshake/init', init);
  const offer = parseHandshakeInit(init.body);
  const publicKey = await parseCustomerPublicKey(
    offer.publicKeyPem,
    options.minRsaBits ?? PROTOCOL.minRsaModulusBits,
    providers?.sha256,
    providers?.rsaModulusBits,
  );
  if (options.pin !== undefined) await checkPin(publicKey, options.pin, providers?.sha256);
  else options.onUnpinned?.(publicKey.fingerprint);
  // Only now, with the key verified, does a session key come into existence.
  const key = globalThis.crypto.getRandomValues(new Uint8Array(PROTOCOL.sessionKeyBytes));
  try {
    const encryptedSecret = await wrapSessionKey(publicKey, key, providers?.rsaOaepEncrypt);
    const complete = await callService(
      request,
      `${ingestorUrl}${PATHS.handshakeComplete}`,
      'POST',
      headers,
      body({ encrypted_secret: encryptedSecret }),
      timeoutMs,
    );
    if (complete.status !== 200) refuseStatus('handshake/complete', complete);
    const { keyId } = parseHandshakeComplete(complete.body);
    return {
      key,
      keyId,
      limits: offer.limits,
      supportsMultipart: offer.supportsMultipart,
      fingerprint: publicKey.fingerprint,
      encryptedSecret,
    };
  } catch (error) {
    key.fill(0);
    throw error;
  }
}
