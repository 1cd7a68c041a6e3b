import {
  callService,
  type Envelope,
  envelopeToJson,
  fetchRequest,
  JSON_CONTENT_TYPE,
  PATHS,
  type PayloadType,
  parseApiKey,
  performHandshake,
  portableProviders,
  sealEntry,
  serviceHeaders,
} from '@logflux/core';

/**
 * A protocol client for driving the ingestor in tests, on core's protocol module: the pinned
 * handshake, then sealed envelopes sent as the test chooses (batches, single entries).
 */
export class WireClient {
  readonly providers = portableProviders();
  key: Uint8Array = new Uint8Array(32);
  keyId = '';
  /** The `encrypted_secret` sent in the last handshake. */
  encryptedSecret = '';

  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
    readonly pin?: string,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...serviceHeaders(this.apiKey, 'logflux-test/0', JSON_CONTENT_TYPE), ...extra };
  }

  async handshake(): Promise<string> {
    const result = await performHandshake({
      request: fetchRequest,
      ingestorUrl: this.baseUrl,
      apiKey: parseApiKey(this.apiKey),
      pin: this.pin,
      timeoutMs: 30_000,
      userAgent: 'logflux-test/0',
    });
    this.key = result.key;
    this.keyId = result.keyId;
    this.encryptedSecret = result.encryptedSecret;
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
    return fetch(`${this.baseUrl}${PATHS.batch}`, {
      method: 'POST',
      headers: this.headers(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
      body: JSON.stringify({ entries: envelopes }),
    });
  }

  async single(envelope: Envelope): Promise<Response> {
    return fetch(`${this.baseUrl}${PATHS.ingest}`, { method: 'POST', headers: this.headers(), body: envelopeToJson(envelope) });
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
    const res = await callService(
      fetchRequest,
      `${baseUrl}/v1/entries?limit=1000&after=${after}${query}`,
      'GET',
      { Authorization: `Bearer ${readToken}` },
      undefined,
      30_000,
    );
    if (res.status !== 200) throw new Error(`read ${res.status}`);
    const body = JSON.parse(res.body) as {
      data: { entries: Array<Envelope & { id: number; received_at: string }>; next_after: number | null };
    };
    out.push(...body.data.entries);
    after = body.data.next_after;
  }
  return out;
}
