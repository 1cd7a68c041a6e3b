import {
  type CodecProviders,
  type ErrorClass,
  type KeyWrap,
  LogFluxError,
  type OpenedEntry,
  openEnvelope,
  openEnvelopeSync,
  type SyncDecoders,
  unwrapSessionKey,
  unwrapSessionKeyCompat,
} from '@logflux/core';
import type { ReadClient, StoredEntry } from './readClient.js';
import { isReaderKey, type ReaderKey } from './readerKey.js';

export interface DecryptorOptions {
  /**
   * Strict protocol decoding (docs/protocol.md §7 only): no MGF1-SHA-1 unwrap and none of the
   * official-SDK rules of §7.8. Default false: read what the official SDKs 3.0.1 write.
   */
  strict?: boolean;
  /** Ceiling on one entry's decompressed plaintext (default 16 MiB). */
  maxPlaintextBytes?: number;
  /** Called once per key id, when its session key is unwrapped or found impossible to unwrap. */
  onKey?: (status: KeyStatus) => void;
  /**
   * The providers' decoding side when it answers synchronously (the CLI's bulk-read providers):
   * {@link Decryptor.openPage} then opens each entry without a promise of its own.
   */
  decoders?: SyncDecoders;
}

/** What became of one key id's session key. */
export type KeyStatus = { keyId: string; ok: true; wrap: KeyWrap } | { keyId: string; ok: false; errorClass: ErrorClass; message: string };

/**
 * Why one stored entry could not be read. `scope: 'key'` means its session key failed (every entry
 * under `keyId` fails alike: report it once); `'entry'` means this entry alone. The message never
 * holds key material or plaintext.
 */
export class ReadError extends LogFluxError {
  constructor(
    errorClass: ErrorClass,
    message: string,
    readonly scope: 'key' | 'entry',
    readonly keyId: string,
  ) {
    super(errorClass, message);
  }
}

/** An opened entry with how its session key was wrapped. */
export interface ReadEntry extends OpenedEntry {
  keyWrap: KeyWrap;
}

/** One entry of {@link Decryptor.openPage}: its plaintext and entry, or why it could not be read. */
export type PageEntry = { ok: true; entry: Record<string, unknown>; plaintext: Uint8Array } | { ok: false; error: ReadError };

type KeyResult = { ok: true; secret: Uint8Array; wrap: KeyWrap } | { ok: false; error: LogFluxError };

/**
 * Decrypts stored entries locally: fetches each key id's wrapped session key once, unwraps it with
 * the private key, and opens envelopes. Every failure is a {@link ReadError} for that entry; none
 * stops the entries after it. Given a {@link ReaderKey} it also unwraps the Java SDK 3.0.1's
 * MGF1-SHA-1 wraps and checks each wrapped key's length against the modulus.
 */
export class Decryptor {
  private readonly sessionKeys = new Map<string, Promise<KeyResult>>();
  private readonly statuses = new Map<string, KeyStatus>();

  constructor(
    private readonly client: ReadClient,
    private readonly privateKey: CryptoKey | ReaderKey,
    private readonly providers: CodecProviders,
    private readonly options: DecryptorOptions = {},
  ) {}

  private async unwrap(keyId: string): Promise<KeyResult> {
    const wrapped = await this.client.encryptedSecret(keyId);
    if (wrapped === undefined) return { ok: false, error: new LogFluxError('auth', 'the ingestor has no session key with this key id') };
    const key = this.privateKey;
    try {
      if (!isReaderKey(key)) return { ok: true, secret: await unwrapSessionKey(key, wrapped), wrap: 'mgf1_sha256' };
      const compat = this.options.strict ? {} : { rawDecrypt: key.rawDecrypt };
      const unwrapped = await unwrapSessionKeyCompat(key.cryptoKey, wrapped, { ...compat, modulusBytes: key.modulusBytes });
      return { ok: true, ...unwrapped };
    } catch (error) {
      if (error instanceof LogFluxError) return { ok: false, error };
      throw error;
    }
  }

  private sessionKey(keyId: string): Promise<KeyResult> {
    let result = this.sessionKeys.get(keyId);
    if (!result) {
      result = this.unwrap(keyId).then((r) => {
        const status: KeyStatus = r.ok
          ? { keyId, ok: true, wrap: r.wrap }
          : { keyId, ok: false, errorClass: r.error.errorClass, message: r.error.message };
        this.statuses.set(keyId, status);
        this.options.onKey?.(status);
        return r;
      });
      this.sessionKeys.set(keyId, result);
    }
    return result;
  }

  /** Opens one stored entry; throws a {@link ReadError} (or a UsageError when the ingestor is unreachable). */
  async open(entry: StoredEntry): Promise<ReadEntry> {
    const keyId = entry.key_id;
    const key = typeof keyId === 'string' && keyId !== '' ? await this.sessionKey(keyId) : undefined;
    if (key && !key.ok) throw new ReadError(key.error.errorClass, key.error.message, 'key', keyId);
    try {
      const opened = await openEnvelope(entry, {
        providers: this.providers,
        key: key?.secret ?? (() => undefined),
        compat: !this.options.strict,
        ...(this.options.maxPlaintextBytes !== undefined ? { maxPlaintextBytes: this.options.maxPlaintextBytes } : {}),
      });
      return { ...opened, keyWrap: key?.ok ? key.wrap : 'mgf1_sha256' };
    } catch (error) {
      if (error instanceof LogFluxError) throw new ReadError(error.errorClass, error.message, 'entry', String(keyId ?? ''));
      throw error;
    }
  }

  /**
   * Opens a page of stored entries, in order: each key id's session key is settled once, then the
   * entries are opened one after the other (synchronously with `decoders`). Decoding failures are
   * results, never thrown; an unreachable ingestor throws, as for {@link open}.
   */
  async openPage(entries: readonly StoredEntry[]): Promise<PageEntry[]> {
    const decoders = this.options.decoders;
    const keys = new Map<string, KeyResult>();
    const results: PageEntry[] = [];
    for (const stored of entries) {
      const keyId = stored.key_id;
      const hasKeyId = typeof keyId === 'string' && keyId !== '';
      let key = hasKeyId ? keys.get(keyId) : undefined;
      if (hasKeyId && !key) {
        key = await this.sessionKey(keyId);
        keys.set(keyId, key);
      }
      if (!decoders || !key?.ok) {
        // Without a usable key (or synchronous decoders) the general path gives the first error that applies.
        try {
          const opened = await this.open(stored);
          results.push({ ok: true, entry: opened.entry, plaintext: opened.plaintext });
        } catch (error) {
          if (!(error instanceof ReadError)) throw error;
          results.push({ ok: false, error });
        }
        continue;
      }
      try {
        const opened = openEnvelopeSync(stored, {
          providers: decoders,
          key: key.secret,
          compat: !this.options.strict,
          ...(this.options.maxPlaintextBytes !== undefined ? { maxPlaintextBytes: this.options.maxPlaintextBytes } : {}),
        });
        results.push({ ok: true, entry: opened.entry, plaintext: opened.plaintext });
      } catch (error) {
        if (!(error instanceof LogFluxError)) throw error;
        results.push({ ok: false, error: new ReadError(error.errorClass, error.message, 'entry', keyId) });
      }
    }
    return results;
  }

  /** Every key id seen so far whose session key has been settled, in the order they were first met. */
  keys(): KeyStatus[] {
    return [...this.statuses.values()];
  }

  /** Overwrites the unwrapped session keys; the decryptor is unusable afterwards. */
  async wipe(): Promise<void> {
    for (const result of this.sessionKeys.values()) {
      const r = await result;
      if (r.ok) r.secret.fill(0);
    }
    this.sessionKeys.clear();
  }
}
