import {
  checkPin,
  type Envelope,
  envelopeToJson,
  type PayloadType,
  parseCustomerPublicKey,
  parseHandshakeComplete,
  parseHandshakeInit,
  portableProviders,
  sealEntry,
  wrapSessionKey,
} from '@logflux/core';

/**
 * A minimal protocol client built from the codec, for driving the ingestor in tests until the
 * real client pipeline exists: pinned handshake, then sealed envelopes over HTTP.
 */
export class WireClient {
  readonly providers = portableProviders();
  key = crypto.getRandomValues(new Uint8Array(32));
  keyId = '';
  /** The `encrypted_secret` sent in the last handshake. */
  encryptedSecret = '';

  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
    readonly pin?: string,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Authorization: `Bearer ${this.apiKey}`, 'Content-Type': 'application/json', ...extra };
  }

  async handshake(): Promise<string> {
    const init = await fetch(`${this.baseUrl}/v1/handshake/init`, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({ api_key: this.apiKey }),
    });
    if (init.status !== 200) throw new Error(`init ${init.status}`);
    const { publicKeyPem } = parseHandshakeInit(await init.text());
    const publicKey = await parseCustomerPublicKey(publicKeyPem);
    if (this.pin) await checkPin(publicKey, this.pin);
    const encryptedSecret = await wrapSessionKey(publicKey, this.key);
    this.encryptedSecret = encryptedSecret;
    const complete = await fetch(`${this.baseUrl}/v1/handshake/complete`, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({ api_key: this.apiKey, encrypted_secret: encryptedSecret }),
    });
    if (complete.status !== 200) throw new Error(`complete ${complete.status}`);
    this.keyId = parseHandshakeComplete(await complete.text()).keyId;
    return this.keyId;
  }

  seal(
    entry: object,
    payloadType: PayloadType = 1,
    entryType: Envelope['entry_type'] = 1,
    timestamp = new Date().toISOString(),
  ): Promise<Envelope> {
    return sealEntry(this.providers, entry, { key: this.key, keyId: this.keyId, payloadType, entryType, timestamp });
  }

  async batch(envelopes: Envelope[], idempotencyKey?: string): Promise<Response> {
    return fetch(`${this.baseUrl}/v1/batch`, {
      method: 'POST',
      headers: this.headers(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
      body: JSON.stringify({ entries: envelopes }),
    });
  }

  async single(envelope: Envelope): Promise<Response> {
    return fetch(`${this.baseUrl}/v1/ingest`, { method: 'POST', headers: this.headers(), body: envelopeToJson(envelope) });
  }
}

export async function readAll(
  baseUrl: string,
  readToken: string,
  query = '',
): Promise<Array<Envelope & { id: number; received_at: string }>> {
  const out: Array<Envelope & { id: number; received_at: string }> = [];
  let after: number | null = 0;
  while (after !== null) {
    const res = await fetch(`${baseUrl}/v1/entries?limit=1000&after=${after}${query}`, {
      headers: { Authorization: `Bearer ${readToken}` },
    });
    if (res.status !== 200) throw new Error(`read ${res.status}`);
    const body = (await res.json()) as {
      data: { entries: Array<Envelope & { id: number; received_at: string }>; next_after: number | null };
    };
    out.push(...body.data.entries);
    after = body.data.next_after;
  }
  return out;
}
