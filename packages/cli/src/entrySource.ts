import type { EntryBatch, EntryFailure, EntrySource } from '@logflux/analysis';
import type { Decryptor, PageEntry } from './decryptor.js';
import { bulkReadProviders } from './fastProviders.js';
import { type CommandIo, write } from './io.js';
import type { EntryFilter, ReadClient, StoredEntry } from './readClient.js';
import { openReader, READ_OPTIONS, type ReadValues } from './readerSetup.js';

/** The reading options of `export`, `sql` and `mcp`: the same as `logflux query`'s. */
export const SOURCE_OPTIONS = READ_OPTIONS;

export const SOURCE_HELP = `  --server URL --token TOKEN   ingestor and read token (default: <home>/credentials.json; or LOGFLUX_READ_TOKEN)
  --private-key PATH            your private key (default logflux.key.pem)
  --passphrase-env VAR | --passphrase-file PATH   for an encrypted private key
  --from T --to T               time range: RFC 3339, or a duration back from now (15m, 2h, 7d)
  --type NAME  --level NAME     entry type; this severity or worse (as for "logflux query")
  --grep TEXT                   only entries whose decrypted JSON contains TEXT (case-insensitive)
  --strict                      decode exactly as docs/protocol.md §7 says (no official-SDK rules)
  --home DIR                    where "logflux serve" keeps credentials (default .logflux)`;

export interface OpenedSource {
  source: EntrySource;
  /** The filters in words, recorded by `export --since-last`. */
  filters: string;
  /** The end of the time range (ms), for progress estimates. */
  until: number;
}

/**
 * Pages of decrypted entries: the ingestor's read API (`ReadClient.page`), decrypted in this
 * process by `Decryptor.open`, with the level and grep filters applied afterwards as `logflux
 * query` does. The next page is fetched while this one is decrypted (`Decryptor.openPage`). An entry that cannot be
 * decrypted becomes a failure with its error class; nothing of its content is kept.
 */
export function decryptedPages(client: ReadClient, decryptor: Decryptor, filter: EntryFilter, level?: number, grep?: string): EntrySource {
  const decoder = new TextDecoder();
  return async function* pages(after: number): AsyncGenerator<EntryBatch> {
    let pending = client.page(after, filter);
    let cursor = after;
    for (;;) {
      const page = await pending;
      if (page.next !== null) {
        pending = client.page(page.next, filter);
        pending.catch(() => undefined); // awaited on the next turn; a stopped reader must not leave it unhandled
      }
      const batch: EntryBatch = { entries: [], failures: [], fetched: page.entries.length, cursor };
      const opened = await decryptor.openPage(page.entries);
      for (let i = 0; i < opened.length; i++) {
        const stored = page.entries[i] as StoredEntry;
        const result = opened[i] as PageEntry;
        batch.cursor = Math.max(batch.cursor, stored.id);
        if (!result.ok) {
          batch.failures.push({ id: stored.id, errorClass: result.error.errorClass });
          continue;
        }
        const entry = result.entry;
        if (level !== undefined && !(typeof entry.level === 'number' && entry.level <= level)) continue;
        if (grep !== undefined && !decoder.decode(result.plaintext).toLowerCase().includes(grep)) continue;
        batch.entries.push({ id: stored.id, received_at: stored.received_at, entry });
      }
      cursor = batch.cursor;
      yield batch;
      if (page.next === null) return;
    }
  };
}

/** Builds the source from the command's options (credentials, private key, filters). */
export async function openEntrySource(values: ReadValues): Promise<OpenedSource> {
  const providers = await bulkReadProviders();
  const r = await openReader(values, providers, providers);
  const described = Object.entries({ from: values.from, to: values.to, type: values.type, level: values.level, grep: values.grep })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `--${k} ${v}`)
    .join(' ');
  return {
    source: decryptedPages(r.client, r.decryptor, r.filter, r.level, r.grep),
    filters: described,
    until: r.filter.to ? Date.parse(r.filter.to) : Date.now(),
  };
}

/** Reports undecryptable entries on stderr: the first 20 one by one, then counts per error class. */
export class FailureReport {
  private readonly counts = new Map<string, number>();
  private total = 0;

  constructor(private readonly io: CommandIo) {}

  readonly add = (failure: EntryFailure): void => {
    this.total++;
    this.counts.set(failure.errorClass, (this.counts.get(failure.errorClass) ?? 0) + 1);
    if (this.total <= 20) void write(this.io.stderr, `entry ${failure.id}: cannot decrypt (${failure.errorClass}); skipped\n`);
  };

  get count(): number {
    return this.total;
  }

  /** Prints the closing summary; true when something failed. */
  async finish(loaded: number): Promise<boolean> {
    if (this.total === 0) return false;
    const classes = [...this.counts].map(([c, n]) => `${n} ${c}`).join(', ');
    await write(this.io.stderr, `${this.total} entr${this.total === 1 ? 'y' : 'ies'} could not be decrypted (${classes})\n`);
    if (loaded === 0 && this.counts.has('oaep')) {
      await write(this.io.stderr, 'no session key could be unwrapped: is this the private key the entries were sealed for?\n');
    }
    return true;
  }
}
