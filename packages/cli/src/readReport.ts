import type { CompatFlag, KeyWrap } from '@logflux/core';
import type { KeyStatus, ReadEntry, ReadError } from './decryptor.js';
import { type CommandIo, write } from './io.js';

/** What a compatibility rule tolerated, for the one note per key id that says so (docs/protocol.md §7.8). */
const NOTES: Record<CompatFlag | Exclude<KeyWrap, 'mgf1_sha256'>, string> = {
  mgf1_sha1: 'session key wrapped with MGF1-SHA-1 (Java SDK 3.0.1); its entries are read',
  mislabelled_uncompressed:
    'entries labelled payload_type 1 (gzip) are not compressed (Go SDK 3.0.1 with compression off); read as they are',
  alias_metric_type: 'metric_type read as kind (JS and Java SDKs 3.0.1)',
  alias_description: 'span description read as name (JS and Java SDKs 3.0.1)',
  timestamp_precision: 'timestamps shown with millisecond precision (Go SDK 3.0.1 writes nanoseconds)',
};

/**
 * Reports on stderr what reading left out or tolerated: each failure once — per key id when a
 * session key cannot be unwrapped, per entry otherwise — with its error class and the id, then a
 * summary. Nothing it writes holds key material or plaintext.
 */
export class ReadReport {
  private total = 0;
  private skipped = 0;
  private readonly byClass = new Map<string, number>();
  private readonly noted = new Set<string>();

  constructor(
    private readonly io: CommandIo,
    /** Whether the private key is known to be the tenant's (its fingerprint matched), or unknown. */
    private readonly tenantKey: 'match' | 'unknown',
    private readonly keys: () => KeyStatus[],
  ) {}

  private async note(key: string, line: string): Promise<void> {
    if (this.noted.has(key)) return;
    this.noted.add(key);
    await write(this.io.stderr, `${line}\n`);
  }

  async read(entry: ReadEntry): Promise<void> {
    this.total++;
    const keyId = entry.envelope.key_id;
    if (entry.keyWrap === 'mgf1_sha1') await this.note(`${keyId}\u0000mgf1_sha1`, `key ${keyId}: ${NOTES.mgf1_sha1}`);
    for (const flag of entry.compat) await this.note(`${keyId}\u0000${flag}`, `key ${keyId}: ${NOTES[flag]}`);
  }

  async failed(id: number, error: ReadError): Promise<void> {
    this.total++;
    this.skipped++;
    this.byClass.set(error.errorClass, (this.byClass.get(error.errorClass) ?? 0) + 1);
    if (error.scope === 'entry') {
      await write(this.io.stderr, `entry ${id}: cannot decrypt (${error.errorClass}); skipped\n`);
      return;
    }
    const why =
      error.errorClass === 'oaep' && this.tenantKey === 'match'
        ? ' (the private key is this tenant’s, so the wrapped key is damaged or was wrapped for another key)'
        : '';
    await this.note(
      `${error.keyId}\u0000failed`,
      `key ${error.keyId}: cannot unwrap the session key (${error.errorClass}): ${error.message}${why}; its entries are skipped`,
    );
  }

  /** Writes the summary and returns the exit status: 1 when anything was skipped. */
  async finish(fingerprint?: string): Promise<number> {
    const keys = this.keys();
    if (this.tenantKey === 'unknown' && keys.length > 0 && keys.every((k) => !k.ok && k.errorClass === 'oaep')) {
      await write(
        this.io.stderr,
        `logflux: no session key could be unwrapped with this private key${fingerprint ? ` (${fingerprint})` : ''}: ` +
          'it is probably not the private key these entries were sealed for\n',
      );
    }
    if (this.skipped === 0) return 0;
    const classes = [...this.byClass].map(([c, n]) => `${c} ${n}`).join(', ');
    await write(this.io.stderr, `logflux: ${this.skipped} of ${this.total} entries skipped (${classes})\n`);
    return 1;
  }
}
