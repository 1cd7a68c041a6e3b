import { resolve } from 'node:path';
import type { CodecProviders, Diagnostics, SyncDecoders } from '@logflux/core';
import { DEFAULT_HOME, readCredentials } from './credentials.js';
import { Decryptor } from './decryptor.js';
import { LEVEL_NAMES, TYPE_NAMES } from './format.js';
import { UsageError } from './io.js';
import { type EntryFilter, ReadClient } from './readClient.js';
import { loadReaderKey } from './readerKey.js';
import { readPassphrase } from './secrets.js';

/** The options of every command that reads stored entries back (query, tail, export, sql, mcp). */
export const READ_OPTIONS = {
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
  strict: { type: 'boolean', default: false },
} as const;

export type ReadValues = {
  [K in keyof typeof READ_OPTIONS]?: (typeof READ_OPTIONS)[K] extends { type: 'boolean' } ? boolean | undefined : string | undefined;
};

/** A time option: RFC 3339, or a duration back from `now` (15m, 2h, 7d). */
export function parseTime(value: string | undefined, name: string, now = Date.now()): string | undefined {
  if (value === undefined) return undefined;
  const rel = /^(\d+)(s|m|h|d)$/.exec(value);
  if (rel) return new Date(now - Number(rel[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[rel[2] as 's' | 'm' | 'h' | 'd']).toISOString();
  if (Number.isNaN(Date.parse(value))) throw new UsageError(`--${name} must be an RFC 3339 time or a duration like 15m`);
  return value;
}

/** A name (or number from 1 to `max`) from `table`. */
export function lookup(table: Record<string, number>, value: string | undefined, max: number, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : table[value.toLowerCase()];
  if (n === undefined || n < 1 || n > max) throw new UsageError(`unknown --${name} "${value}"`);
  return n;
}

export interface ReaderSetup {
  client: ReadClient;
  decryptor: Decryptor;
  /** The tenant's fingerprint when `logflux serve` recorded this server, else undefined. */
  tenantFingerprint: string | undefined;
  fingerprint: string;
  filter: EntryFilter;
  level: number | undefined;
  grep: string | undefined;
}

/**
 * The read API client, the private key (refused at once when it is not this tenant's), the
 * decryptor and the filters, from the options of a reading command. `decoders`: the providers'
 * synchronous decoding side, when they have one (bulk reads).
 */
export async function openReader(
  values: ReadValues,
  providers: CodecProviders,
  decoders?: SyncDecoders,
  log?: Diagnostics,
): Promise<ReaderSetup> {
  const home = values.home ?? DEFAULT_HOME;
  const credentials = readCredentials(resolve(home));
  const server = (values.server ?? credentials?.url)?.replace(/\/+$/, '');
  const token = values.token ?? process.env.LOGFLUX_READ_TOKEN ?? credentials?.read_token;
  if (!server) throw new UsageError('no ingestor URL: pass --server or run "logflux serve" in this directory first');
  if (!token) throw new UsageError('no read token: pass --token or set LOGFLUX_READ_TOKEN');
  const client = new ReadClient(server, token, log);
  log?.info(`reading from ${server}`);
  const keyPath = values['private-key'] ?? 'logflux.key.pem';
  const key = await loadReaderKey(keyPath, readPassphrase(values));
  // The tenant's fingerprint is known when the server is the one "logflux serve" recorded.
  const tenantFingerprint = credentials && credentials.url.replace(/\/+$/, '') === server ? credentials.fingerprint : undefined;
  if (tenantFingerprint !== undefined && tenantFingerprint !== key.fingerprint) {
    throw new UsageError(
      `${keyPath} is not the private key of this tenant: its public key is ${key.fingerprint}, ` +
        `the tenant's is ${tenantFingerprint} (from ${home}/credentials.json)`,
    );
  }
  const now = Date.now();
  return {
    client,
    decryptor: new Decryptor(client, key, providers, { strict: values.strict === true, ...(decoders ? { decoders } : {}) }),
    tenantFingerprint,
    fingerprint: key.fingerprint,
    filter: {
      from: parseTime(values.from, 'from', now),
      to: parseTime(values.to, 'to', now),
      entryType: lookup(TYPE_NAMES, values.type, 7, 'type'),
    },
    level: lookup(LEVEL_NAMES, values.level, 8, 'level'),
    grep: values.grep?.toLowerCase(),
  };
}
