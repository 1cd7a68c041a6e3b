import { resolve } from 'node:path';
import type { parseArgs } from 'node:util';
import type { EntryBatch, EntryFailure, EntrySource } from '@logflux/analysis';
import { LogFluxError } from '@logflux/core';
import { DEFAULT_HOME, readCredentials } from './credentials.js';
import { Decryptor } from './decryptor.js';
import { bulkReadProviders } from './fastProviders.js';
import { LEVEL_NAMES, TYPE_NAMES } from './format.js';
import { type CommandIo, UsageError, write } from './io.js';
import { type EntryFilter, ReadClient } from './readClient.js';
import { loadPrivateKey, readPassphrase } from './secrets.js';

/** The reading options of `export`, `sql` and `mcp`: the same as `logflux query`'s. */
export const SOURCE_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  'private-key': { type: 'string', default: 'logflux.key.pem' },
  'passphrase-env': { type: 'string' },
  'passphrase-file': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  type: { type: 'string' },
  level: { type: 'string' },
  grep: { type: 'string' },
  home: { type: 'string', default: DEFAULT_HOME },
} as const;

export const SOURCE_HELP = `  --server URL --token TOKEN   ingestor and read token (default: <home>/credentials.json; or LOGFLUX_READ_TOKEN)
  --private-key PATH            your private key (default logflux.key.pem)
  --passphrase-env VAR | --passphrase-file PATH   for an encrypted private key
  --from T --to T               time range: RFC 3339, or a duration back from now (15m, 2h, 7d)
  --type NAME  --level NAME     entry type; this severity or worse (as for "logflux query")
  --grep TEXT                   only entries whose decrypted JSON contains TEXT (case-insensitive)
  --home DIR                    where "logflux serve" keeps credentials (default .logflux)`;

type SourceValues = ReturnType<typeof parseArgs<{ options: typeof SOURCE_OPTIONS }>>['values'];

function parseTime(value: string | undefined, name: string, now: number): string | undefined {
  if (value === undefined) return undefined;
  const rel = /^(\d+)(s|m|h|d)$/.exec(value);
  if (rel) return new Date(now - Number(rel[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[rel[2] as 's' | 'm' | 'h' | 'd']).toISOString();
  if (Number.isNaN(Date.parse(value))) throw new UsageError(`--${name} must be an RFC 3339 time or a duration like 15m`);
  return value;
}

function lookup(table: Record<string, number>, value: string | undefined, max: number, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : table[value.toLowerCase()];
  if (n === undefined || n < 1 || n > max) throw new UsageError(`unknown --${name} "${value}"`);
  return n;
}

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
 * query` does. The next page is fetched while this one is decrypted. An entry that cannot be
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
      for (const stored of page.entries) {
        batch.cursor = Math.max(batch.cursor, stored.id);
        let opened: Awaited<ReturnType<Decryptor['open']>>;
        try {
          opened = await decryptor.open(stored);
        } catch (error) {
          if (!(error instanceof LogFluxError)) throw error;
          batch.failures.push({ id: stored.id, errorClass: error.errorClass });
          continue;
        }
        const entry = opened.entry;
        if (level !== undefined && !(typeof entry.level === 'number' && entry.level <= level)) continue;
        if (grep !== undefined && !decoder.decode(opened.plaintext).toLowerCase().includes(grep)) continue;
        batch.entries.push({ id: stored.id, received_at: stored.received_at, entry });
      }
      cursor = batch.cursor;
      yield batch;
      if (page.next === null) return;
    }
  };
}

/** Builds the source from the command's options (credentials, private key, filters). */
export async function openEntrySource(values: SourceValues): Promise<OpenedSource> {
  const credentials = readCredentials(resolve(values.home));
  const server = values.server ?? credentials?.url;
  const token = values.token ?? process.env.LOGFLUX_READ_TOKEN ?? credentials?.read_token;
  if (!server) throw new UsageError('no ingestor URL: pass --server or run "logflux serve" in this directory first');
  if (!token) throw new UsageError('no read token: pass --token or set LOGFLUX_READ_TOKEN');
  const client = new ReadClient(server.replace(/\/+$/, ''), token);
  const privateKey = await loadPrivateKey(values['private-key'], readPassphrase(values));
  const now = Date.now();
  const filter: EntryFilter = {
    from: parseTime(values.from, 'from', now),
    to: parseTime(values.to, 'to', now),
    entryType: lookup(TYPE_NAMES, values.type, 7, 'type'),
  };
  const level = lookup(LEVEL_NAMES, values.level, 8, 'level');
  const grep = values.grep?.toLowerCase();
  const described = Object.entries({ from: values.from, to: values.to, type: values.type, level: values.level, grep: values.grep })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `--${k} ${v}`)
    .join(' ');
  return {
    source: decryptedPages(client, new Decryptor(client, privateKey, await bulkReadProviders()), filter, level, grep),
    filters: described,
    until: filter.to ? Date.parse(filter.to) : now,
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
