import { type CodecProviders, LogFluxError, type OpenedEntry, openEnvelope, unwrapSessionKey } from '@logflux/core';
import type { ReadClient, StoredEntry } from './readClient.js';

/**
 * Decrypts stored entries locally: fetches each key id's wrapped session key once, unwraps it
 * with the private key, and opens envelopes. Failures are per entry and carry an error class.
 */
export class Decryptor {
  private readonly sessionKeys = new Map<string, Promise<Uint8Array>>();

  constructor(
    private readonly client: ReadClient,
    private readonly privateKey: CryptoKey,
    private readonly providers: CodecProviders,
  ) {}

  private sessionKey(keyId: string): Promise<Uint8Array> {
    let key = this.sessionKeys.get(keyId);
    if (!key) {
      key = (async () => {
        const wrapped = await this.client.encryptedSecret(keyId);
        if (wrapped === undefined) throw new LogFluxError('auth', `the ingestor has no session key ${keyId}`);
        try {
          return await unwrapSessionKey(this.privateKey, wrapped);
        } catch (error) {
          if (error instanceof LogFluxError && error.errorClass === 'oaep') {
            throw new LogFluxError('oaep', `cannot unwrap session key ${keyId}: this is not the private key the entries were sealed for`);
          }
          throw error;
        }
      })();
      this.sessionKeys.set(keyId, key);
    }
    return key;
  }

  async open(entry: StoredEntry): Promise<OpenedEntry> {
    const key = await this.sessionKey(entry.key_id);
    return openEnvelope(entry, { providers: this.providers, key });
  }
}
