import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LogFluxError } from '@logflux/core';
import { DEFAULT_HOME, readCredentials } from '../credentials.js';
import { Decryptor } from '../decryptor.js';
import { formatEntry, LEVEL_NAMES, TYPE_NAMES } from '../format.js';
import { type CommandIo, UsageError, write } from '../io.js';
import { cliProviders } from '../providers.js';
import { type EntryFilter, ReadClient, type StoredEntry } from '../readClient.js';
import { loadPrivateKey, readPassphrase } from '../secrets.js';

export const QUERY_HELP = `logflux query [filters] [--json]
logflux tail [-n 10] [-f] [filters] [--json]

Fetch stored entries through the ingestor's read API, unwrap each session key with your private
key, decrypt locally and print: one human-readable line per entry, or NDJSON with --json
({"id","received_at","entry"}). Entries that fail to decrypt are reported on stderr and skipped.
  --server URL          ingestor URL (default: from <home>/credentials.json)
  --token TOKEN         read token (default: from <home>/credentials.json; or LOGFLUX_READ_TOKEN)
  --private-key PATH    your private key (default logflux.key.pem)
  --passphrase-env VAR | --passphrase-file PATH   for an encrypted private key
  --from T --to T       time range: RFC 3339, or a duration back from now (15m, 2h, 7d)
  --type NAME           log, metric, trace, event, audit, telemetry (or 1-7)
  --level NAME          this severity or worse: emergency … debug (or 1-8)
  --grep TEXT           only entries whose decrypted JSON contains TEXT (case-insensitive)
  --home DIR            where "logflux serve" keeps credentials (default .logflux)
tail: -n N shows the last N entries (default 10); -f keeps polling for new ones (--interval ms).`;

const OPTIONS = {
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
  json: { type: 'boolean', default: false },
  home: { type: 'string', default: DEFAULT_HOME },
  n: { type: 'string', short: 'n', default: '10' },
  follow: { type: 'boolean', short: 'f', default: false },
  interval: { type: 'string', default: '1000' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseTime(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const rel = /^(\d+)(s|m|h|d)$/.exec(value);
  if (rel) {
    const unit = { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[rel[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(Date.now() - Number(rel[1]) * unit).toISOString();
  }
  if (Number.isNaN(Date.parse(value))) throw new UsageError(`--${name} must be an RFC 3339 time or a duration like 15m`);
  return value;
}

function lookup(table: Record<string, number>, value: string | undefined, max: number, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : table[value.toLowerCase()];
  if (n === undefined || n < 1 || n > max) throw new UsageError(`unknown --${name} "${value}"`);
  return n;
}

interface Reader {
  client: ReadClient;
  decryptor: Decryptor;
  filter: EntryFilter;
  level?: number;
  grep?: string;
  json: boolean;
}

async function setup(values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values']): Promise<Reader> {
  const credentials = readCredentials(resolve(values.home));
  const server = values.server ?? credentials?.url;
  const token = values.token ?? process.env.LOGFLUX_READ_TOKEN ?? credentials?.read_token;
  if (!server) throw new UsageError('no ingestor URL: pass --server or run "logflux serve" in this directory first');
  if (!token) throw new UsageError('no read token: pass --token or set LOGFLUX_READ_TOKEN');
  const client = new ReadClient(server.replace(/\/+$/, ''), token);
  const privateKey = await loadPrivateKey(values['private-key'], readPassphrase(values));
  return {
    client,
    decryptor: new Decryptor(client, privateKey, await cliProviders()),
    filter: { from: parseTime(values.from, 'from'), to: parseTime(values.to, 'to'), entryType: lookup(TYPE_NAMES, values.type, 7, 'type') },
    level: lookup(LEVEL_NAMES, values.level, 8, 'level'),
    grep: values.grep?.toLowerCase(),
    json: values.json,
  };
}

/** Decrypts and prints entries; returns how many failed. */
async function print(reader: Reader, entries: StoredEntry[], io: CommandIo): Promise<number> {
  let failed = 0;
  for (const stored of entries) {
    let entry: Record<string, unknown>;
    let text: string;
    try {
      const opened = await reader.decryptor.open(stored);
      entry = opened.entry;
      text = new TextDecoder().decode(opened.plaintext);
    } catch (error) {
      if (!(error instanceof LogFluxError)) throw error;
      failed++;
      if (error.errorClass === 'oaep') throw new UsageError(error.message);
      await write(io.stderr, `entry ${stored.id}: cannot decrypt (${error.errorClass}); skipped\n`);
      continue;
    }
    if (reader.level !== undefined && !(typeof entry.level === 'number' && entry.level <= reader.level)) continue;
    if (reader.grep !== undefined && !text.toLowerCase().includes(reader.grep)) continue;
    const line = reader.json
      ? JSON.stringify({ id: stored.id, received_at: stored.received_at, entry })
      : formatEntry(entry, stored.received_at);
    await write(io.stdout, `${line}\n`);
  }
  return failed;
}

export async function queryCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS });
  if (values.help) return write(io.stdout, `${QUERY_HELP}\n`).then(() => 0);
  const reader = await setup(values);
  let failed = 0;
  let after: number | null = 0;
  while (after !== null) {
    const page = await reader.client.page(after, reader.filter);
    failed += await print(reader, page.entries, io);
    after = page.next;
  }
  return failed === 0 ? 0 : 1;
}

export async function tailCommand(args: string[], io: CommandIo, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS });
  if (values.help) return write(io.stdout, `${QUERY_HELP}\n`).then(() => 0);
  const count = Number(values.n);
  const interval = Number(values.interval);
  if (!Number.isInteger(count) || count < 0) throw new UsageError('-n must be a non-negative integer');
  const reader = await setup(values);
  // Walk to the end (ciphertext only), keeping the last N envelopes to decrypt and show.
  let last: StoredEntry[] = [];
  let cursor = 0;
  let after: number | null = 0;
  while (after !== null) {
    const page = await reader.client.page(after, reader.filter);
    last = [...last, ...page.entries].slice(-count || last.length + page.entries.length);
    if (count === 0) last = [];
    cursor = page.entries.at(-1)?.id ?? cursor;
    after = page.next;
  }
  let failed = await print(reader, last, io);
  while (values.follow && !signal?.aborted) {
    await new Promise((r) => setTimeout(r, interval));
    for (;;) {
      const page = await reader.client.page(cursor, reader.filter);
      failed += await print(reader, page.entries, io);
      cursor = page.entries.at(-1)?.id ?? cursor;
      if (page.next === null) break;
    }
  }
  return failed === 0 ? 0 : 1;
}
