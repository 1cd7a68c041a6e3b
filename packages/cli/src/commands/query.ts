import { parseArgs } from 'node:util';
import { type Decryptor, ReadError } from '../decryptor.js';
import { formatEntry } from '../format.js';
import { type CommandIo, UsageError, write } from '../io.js';
import { cliProviders } from '../providers.js';
import type { EntryFilter, ReadClient, StoredEntry } from '../readClient.js';
import { openReader, READ_OPTIONS } from '../readerSetup.js';
import { ReadReport } from '../readReport.js';

export const QUERY_HELP = `logflux query [filters] [--json] [--strict]
logflux tail [-n 10] [-f] [filters] [--json] [--strict]

Fetch stored entries through the ingestor's read API, unwrap each session key with your private
key, decrypt locally and print: one human-readable line per entry, or NDJSON with --json
({"id","received_at","entry"}, plus "compat":[...] naming the rules below that applied).
Nothing stops the rest: a session key that cannot be unwrapped is reported once on stderr with its
key id and error class and its entries are skipped; an entry that cannot be read is reported with
its id and error class (oaep, auth, decompress, plaintext_json, plaintext_too_deep, ...). Exit
status 1 when anything was skipped.
It reads what the official SDKs 3.0.1 write (docs/protocol.md §7.8): session keys wrapped with
MGF1-SHA-1 (Java; noted once per key), payload type 1 entries that are not compressed (Go),
metric_type and description as kind and name (JS, Java), nanosecond times shown to the millisecond.
  --strict              decode exactly as docs/protocol.md §7 says, none of those rules (conformance)
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
  ...READ_OPTIONS,
  json: { type: 'boolean', default: false },
  n: { type: 'string', short: 'n', default: '10' },
  follow: { type: 'boolean', short: 'f', default: false },
  interval: { type: 'string', default: '1000' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Reader {
  client: ReadClient;
  decryptor: Decryptor;
  report: ReadReport;
  fingerprint: string;
  filter: EntryFilter;
  level?: number;
  grep?: string;
  json: boolean;
}

async function setup(values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'], io: CommandIo): Promise<Reader> {
  const r = await openReader(values, await cliProviders(), undefined, io.log);
  return {
    client: r.client,
    decryptor: r.decryptor,
    report: new ReadReport(io, r.tenantFingerprint === undefined ? 'unknown' : 'match', () => r.decryptor.keys()),
    fingerprint: r.fingerprint,
    filter: r.filter,
    ...(r.level !== undefined ? { level: r.level } : {}),
    ...(r.grep !== undefined ? { grep: r.grep } : {}),
    json: values.json,
  };
}

/** Decrypts and prints entries; failures go to the report, never stop the rest. */
async function print(reader: Reader, entries: StoredEntry[], io: CommandIo): Promise<void> {
  for (const stored of entries) {
    let opened: Awaited<ReturnType<Decryptor['open']>>;
    try {
      opened = await reader.decryptor.open(stored);
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      await reader.report.failed(stored.id, error);
      continue;
    }
    await reader.report.read(opened);
    const entry = opened.entry;
    if (reader.level !== undefined && !(typeof entry.level === 'number' && entry.level <= reader.level)) continue;
    if (reader.grep !== undefined && !new TextDecoder().decode(opened.plaintext).toLowerCase().includes(reader.grep)) continue;
    const compat = [...(opened.keyWrap === 'mgf1_sha1' ? ['mgf1_sha1'] : []), ...opened.compat];
    const line = reader.json
      ? JSON.stringify({ id: stored.id, received_at: stored.received_at, entry, ...(compat.length > 0 ? { compat } : {}) })
      : formatEntry(entry, stored.received_at);
    await write(io.stdout, `${line}\n`);
  }
}

export async function queryCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS });
  if (values.help) return write(io.stdout, `${QUERY_HELP}\n`).then(() => 0);
  const reader = await setup(values, io);
  try {
    let after: number | null = 0;
    while (after !== null) {
      const page = await reader.client.page(after, reader.filter);
      await print(reader, page.entries, io);
      after = page.next;
    }
    return await reader.report.finish(reader.fingerprint);
  } finally {
    await reader.decryptor.wipe();
  }
}

export async function tailCommand(args: string[], io: CommandIo, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS });
  if (values.help) return write(io.stdout, `${QUERY_HELP}\n`).then(() => 0);
  const count = Number(values.n);
  const interval = Number(values.interval);
  if (!Number.isInteger(count) || count < 0) throw new UsageError('-n must be a non-negative integer');
  const reader = await setup(values, io);
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
  try {
    await print(reader, last, io);
    while (values.follow && !signal?.aborted) {
      await new Promise((r) => setTimeout(r, interval));
      for (;;) {
        const page = await reader.client.page(cursor, reader.filter);
        await print(reader, page.entries, io);
        cursor = page.entries.at(-1)?.id ?? cursor;
        if (page.next === null) break;
      }
    }
    return await reader.report.finish(reader.fingerprint);
  } finally {
    await reader.decryptor.wipe();
  }
}
