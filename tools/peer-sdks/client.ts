import { type PeerEntry, peerPlaintext, sdkTime } from './entries.js';
import { ENTRY_TYPE, type PeerSdk, PROFILES, REGION_KEY } from './sdks.js';
import {
  type Bytes,
  type PeerSealed,
  peerBoundary,
  peerIngestHeaders,
  peerMultipartBody,
  peerSeal,
  peerSealBytes,
  peerWrapSecret,
  secureRandom,
} from './wire.js';

export interface PeerClientOptions {
  sdk: PeerSdk;
  apiKey: string;
  /** The endpoint override (`customEndpointUrl` / `CustomEndpointURL`); all three accept http://127.0.0.1. */
  endpoint: string;
  /** Entries per request (their default: 100). */
  batchSize?: number;
  random?: Bytes;
}

export interface PeerSendResult {
  status: number;
  entries: number;
  body: unknown;
}

/** The part of a handshake answer that holds the fields: the SDKs parse `{status, message, data}` and bare objects. */
function fields(body: unknown): Record<string, unknown> {
  const top = (body ?? {}) as Record<string, unknown>;
  return typeof top.data === 'object' && top.data !== null ? (top.data as Record<string, unknown>) : top;
}

/**
 * A client that behaves on the wire like an official SDK 3.0.1: region-prefixed key required,
 * Go's health and info probes, the handshake with the SDK's key wrap, and multipart batches to
 * `POST /v1/ingest` with the SDK's framing and plaintext, without idempotency keys or retries.
 * It records every request it makes and counts entries the way the JS SDK does (a 400 drops the
 * batch as `send_error`, a 200 counts all as sent).
 */
export class PeerSdkClient {
  readonly requests: string[] = [];
  readonly stats = { sent: 0, send_error: 0 };
  keyId = '';
  private readonly sessionKey: Uint8Array;
  private readonly queue: PeerEntry[] = [];
  private readonly random: Bytes;

  constructor(readonly options: PeerClientOptions) {
    this.random = options.random ?? secureRandom;
    this.sessionKey = this.random(32);
  }

  get sdk(): PeerSdk {
    return this.options.sdk;
  }

  private async call(method: string, path: string, body?: Uint8Array | string, headers: Record<string, string> = {}): Promise<Response> {
    this.requests.push(`${method} ${path}`);
    return fetch(`${this.options.endpoint}${path}`, {
      method,
      headers: { 'User-Agent': PROFILES[this.sdk].userAgent, Authorization: `Bearer ${this.options.apiKey}`, ...headers },
      ...(body !== undefined ? { body: body as BodyInit } : {}),
      redirect: 'manual',
    });
  }

  private async postJson(path: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await this.call('POST', path, JSON.stringify(body), { 'Content-Type': 'application/json' });
    if (res.status !== 200) throw new Error(`${this.sdk} SDK: ${path} answered ${res.status}`);
    return fields(await res.json());
  }

  /** Probes (Go), then handshake/init and handshake/complete. Throws before any request for an unprefixed key. */
  async start(): Promise<string> {
    if (!REGION_KEY.test(this.options.apiKey)) throw new Error(`${this.sdk} SDK: the API key has no region prefix`);
    for (const path of PROFILES[this.sdk].probes) await (await this.call('GET', path)).arrayBuffer();
    const init = await this.postJson('/v1/handshake/init', { api_key: this.options.apiKey });
    const publicKey = init.public_key;
    if (typeof publicKey !== 'string') throw new Error(`${this.sdk} SDK: handshake/init gave no public_key`);
    const encryptedSecret = peerWrapSecret(this.sdk, publicKey, this.sessionKey, this.random);
    const complete = await this.postJson('/v1/handshake/complete', { api_key: this.options.apiKey, encrypted_secret: encryptedSecret });
    const keyId = complete.key_id ?? complete.key_uuid;
    if (typeof keyId !== 'string' || keyId === '') throw new Error(`${this.sdk} SDK: handshake/complete gave no key_id`);
    this.keyId = keyId;
    return keyId;
  }

  add(entry: PeerEntry): void {
    this.queue.push(entry);
  }

  seal(entry: PeerEntry): PeerSealed {
    const timestamp = sdkTime(this.sdk, entry.ts);
    const header = { entryType: ENTRY_TYPE[entry.input.type], timestamp, keyId: this.keyId };
    return peerSeal(this.sdk, this.sessionKey, peerPlaintext(this.sdk, entry), header, { random: this.random });
  }

  /** Seals plaintext bytes as they are, under this client's session key (for malformed plaintexts). */
  sealBytes(plaintext: Uint8Array, entryType = 1, keyId = this.keyId): PeerSealed {
    const header = { entryType, timestamp: sdkTime(this.sdk, '2026-12-01T20:05:22.103429474Z'), keyId };
    return peerSealBytes(this.sdk, this.sessionKey, plaintext, header, { random: this.random });
  }

  /** Sends everything queued, one multipart request per batch. */
  async flush(): Promise<PeerSendResult[]> {
    const results: PeerSendResult[] = [];
    const size = this.options.batchSize ?? 100;
    while (this.queue.length > 0) results.push(await this.send(this.queue.splice(0, size).map((e) => this.seal(e))));
    return results;
  }

  /** Sends sealed entries as one multipart request, as the SDK does. */
  async send(batch: PeerSealed[]): Promise<PeerSendResult> {
    const boundary = peerBoundary(this.random);
    const { Authorization: _, ...headers } = peerIngestHeaders(this.sdk, this.options.apiKey, boundary);
    const res = await this.call('POST', '/v1/ingest', peerMultipartBody(this.sdk, batch, boundary), headers);
    const text = await res.text();
    if (res.status === 200) this.stats.sent += batch.length;
    else if (res.status === 400) this.stats.send_error += batch.length;
    return { status: res.status, entries: batch.length, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }
}
