import {
  type BodyFormat,
  type CodecProviders,
  callService,
  type EntryType,
  fetchRequest,
  type HandshakeResult,
  isHeaderSafe,
  isLogFluxError,
  JSON_CONTENT_TYPE,
  newIdempotencyKey,
  normaliseEndpoint,
  PATHS,
  type PayloadType,
  type PlainRecord,
  parseApiKey,
  parseBatchFailures,
  performHandshake,
  requestBody,
  type SealedPieces,
  sealEntries,
  serviceHeaders,
  wipe,
} from '@logflux/core';
import { UsageError } from './io.js';

const USER_AGENT = 'logflux-cli/0.1.0';
const TIMEOUT_MS = 30_000;

/**
 * A one-shot protocol sender for the CLI, on core's protocol module: the pinned handshake, then
 * sealed batches (multipart when the ingestor offers it, else JSON) with idempotency keys.
 * Long-running applications use the SDK's client pipeline instead.
 */
export class WireSender {
  private session: HandshakeResult | undefined;
  private format: BodyFormat = 'json';
  private readonly apiKey;

  constructor(
    private readonly baseUrl: string,
    apiKey: string,
    private readonly pin: string | undefined,
    private readonly providers: CodecProviders,
  ) {
    normaliseEndpoint(baseUrl, 'the ingestor URL');
    this.apiKey = parseApiKey(apiKey);
  }

  /** Runs `step`, turning an unreachable ingestor and a refused key into the CLI's messages. */
  private async call<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (isLogFluxError(error, 'network')) throw new UsageError(`cannot reach the ingestor at ${this.baseUrl} (${error.message})`);
      if (isLogFluxError(error, 'unauthorized')) throw new UsageError('the ingestor refused the API key');
      throw error;
    }
  }

  async handshake(): Promise<{ fingerprint: string; pinned: boolean }> {
    this.session = await this.call(() =>
      performHandshake({
        request: fetchRequest,
        ingestorUrl: this.baseUrl,
        apiKey: this.apiKey,
        pin: this.pin,
        providers: this.providers,
        timeoutMs: TIMEOUT_MS,
        userAgent: USER_AGENT,
      }),
    );
    this.format = this.session.supportsMultipart && isHeaderSafe(this.session.keyId) ? 'multipart' : 'json';
    return { fingerprint: this.session.fingerprint, pinned: this.pin !== undefined };
  }

  /** Seals and sends entries in batches; returns how many the ingestor stored. */
  async send(
    entries: { entry: object & { ts?: unknown }; entryType: EntryType }[],
    payloadType: PayloadType,
    batchSize = 500,
  ): Promise<number> {
    const session = this.session;
    if (!session) throw new Error('handshake first');
    const key = { key: session.key, keyId: session.keyId, keyIdJson: JSON.stringify(session.keyId) };
    let stored = 0;
    for (let i = 0; i < entries.length; i += batchSize) {
      const records: PlainRecord[] = entries.slice(i, i + batchSize).map(({ entry, entryType }) => ({
        json: JSON.stringify(entry),
        ts: typeof entry.ts === 'string' ? entry.ts : new Date().toISOString(),
        type: entryType,
      }));
      const idempotencyKey = newIdempotencyKey(this.providers.random);
      let status: number;
      let body: string;
      for (;;) {
        const pieces = {
          format: this.format,
          pieces: await sealEntries(records, key, payloadType, this.providers, this.format),
        } as SealedPieces;
        const request = requestBody(pieces, this.providers.random);
        const url = `${this.baseUrl}${request.contentType === JSON_CONTENT_TYPE ? PATHS.batch : PATHS.ingest}`;
        const headers = serviceHeaders(this.apiKey.reveal(), USER_AGENT, request.contentType, idempotencyKey);
        ({ status, body } = await this.call(() => callService(fetchRequest, url, 'POST', headers, request.body, TIMEOUT_MS)));
        // An ingestor that announced multipart but refuses it: the same entries as a JSON batch.
        if (this.format === 'multipart' && (status === 404 || status === 405 || status === 415)) this.format = 'json';
        else break;
      }
      if (status !== 200) throw new UsageError(`the ingestor answered ${status} to a batch`);
      stored += records.length - parseBatchFailures(body, records.length).failed.length;
    }
    return stored;
  }

  close(): void {
    wipe(this.session?.key);
    this.session = undefined;
  }
}
