import { randomBytes } from 'node:crypto';
import {
  type CodecProviders,
  checkPin,
  type EntryType,
  envelopeToJson,
  normaliseEndpoint,
  type PayloadType,
  parseCustomerPublicKey,
  parseHandshakeComplete,
  parseHandshakeInit,
  sealEntry,
  wipe,
  wrapSessionKey,
} from '@logflux/core';
import { UsageError } from './io.js';

/**
 * A one-shot protocol sender for the CLI: pinned handshake, then sealed batches with idempotency
 * keys. Long-running applications use the SDK's client pipeline instead.
 */
export class WireSender {
  private key: Uint8Array | undefined;
  private keyId = '';

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly pin: string | undefined,
    private readonly providers: CodecProviders,
  ) {
    normaliseEndpoint(baseUrl, 'the ingestor URL');
  }

  private async post(path: string, body: string, extra: Record<string, string> = {}): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'error',
        headers: {
          Authorization: `Bearer ${this.apiKey}`,
          'Content-Type': 'application/json',
          'User-Agent': 'logflux-cli/0.1.0',
          ...extra,
        },
        body,
      });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      throw new UsageError(`cannot reach the ingestor at ${this.baseUrl}${code ? ` (${code})` : ''}`);
    }
  }

  async handshake(): Promise<{ fingerprint: string; pinned: boolean }> {
    const init = await this.post('/v1/handshake/init', JSON.stringify({ api_key: this.apiKey }));
    if (init.status === 401 || init.status === 403) throw new UsageError('the ingestor refused the API key');
    if (init.status !== 200) throw new UsageError(`handshake/init answered ${init.status}`);
    const publicKey = await parseCustomerPublicKey(parseHandshakeInit(await init.text()).publicKeyPem);
    if (this.pin) await checkPin(publicKey, this.pin);
    this.key = crypto.getRandomValues(new Uint8Array(32));
    const complete = await this.post(
      '/v1/handshake/complete',
      JSON.stringify({ api_key: this.apiKey, encrypted_secret: await wrapSessionKey(publicKey, this.key) }),
    );
    if (complete.status !== 200) throw new UsageError(`handshake/complete answered ${complete.status}`);
    this.keyId = parseHandshakeComplete(await complete.text()).keyId;
    return { fingerprint: publicKey.fingerprint, pinned: this.pin !== undefined };
  }

  /** Seals and sends entries in batches; returns how many the ingestor stored. */
  async send(entries: { entry: object; entryType: EntryType }[], payloadType: PayloadType, batchSize = 500): Promise<number> {
    if (!this.key) throw new Error('handshake first');
    let stored = 0;
    for (let i = 0; i < entries.length; i += batchSize) {
      const envelopes = [];
      for (const { entry, entryType } of entries.slice(i, i + batchSize)) {
        envelopes.push(
          await sealEntry(this.providers, entry, {
            key: this.key,
            keyId: this.keyId,
            payloadType,
            entryType,
            timestamp: new Date().toISOString(),
          }),
        );
      }
      const body = `{"entries":[${envelopes.map(envelopeToJson).join(',')}]}`;
      const res = await this.post('/v1/batch', body, { 'Idempotency-Key': randomBytes(18).toString('base64url') });
      const answer = (await res.json().catch(() => ({}))) as { data?: { succeeded?: number; failures?: { error: string }[] } };
      if (res.status !== 200) throw new UsageError(`the ingestor answered ${res.status} to a batch`);
      stored += answer.data?.succeeded ?? 0;
    }
    return stored;
  }

  close(): void {
    wipe(this.key);
    this.key = undefined;
  }
}
