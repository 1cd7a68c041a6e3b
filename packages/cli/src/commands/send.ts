import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EntryType } from '@logflux/core';
import { DEFAULT_HOME, readCredentials } from '../credentials.js';
import { TYPE_NAMES } from '../format.js';
import { type CommandIo, lines, UsageError, write } from '../io.js';
import { cliProviders } from '../providers.js';
import { WireSender } from '../wireSender.js';

export const SEND_HELP = `logflux send [--message TEXT | < entries.ndjson] [--zstd] [--level 7] [--source cli]

Seals entries on this machine and sends them to the ingestor, pinned to the tenant's public key.
With --message, sends one log entry; otherwise reads one JSON object per line from stdin (an
inner plaintext entry; "type" picks the entry type, default log). Server, API key and pin come
from <home>/credentials.json unless --server, --api-key (or LOGFLUX_API_KEY) and --pin are given.`;

export async function sendCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      server: { type: 'string' },
      'api-key': { type: 'string' },
      pin: { type: 'string' },
      message: { type: 'string', short: 'm' },
      level: { type: 'string', default: '7' },
      source: { type: 'string', default: 'logflux-cli' },
      zstd: { type: 'boolean', default: false },
      home: { type: 'string', default: DEFAULT_HOME },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return write(io.stdout, `${SEND_HELP}\n`).then(() => 0);
  const credentials = readCredentials(resolve(values.home));
  const server = values.server ?? credentials?.url;
  const apiKey = values['api-key'] ?? process.env.LOGFLUX_API_KEY ?? credentials?.api_key;
  const pin = values.pin ?? credentials?.fingerprint;
  if (!server || !apiKey) throw new UsageError('no ingestor or API key: pass --server and --api-key, or run "logflux serve" here first');
  const level = Number(values.level);
  const base = { v: '2.0', source: values.source, level };
  const entries: { entry: object; entryType: EntryType }[] = [];
  if (values.message !== undefined) {
    entries.push({ entry: { ...base, type: 'log', ts: new Date().toISOString(), message: values.message }, entryType: 1 });
  } else {
    let n = 0;
    for await (const line of lines(io.stdin)) {
      n++;
      if (line.trim() === '') continue;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new UsageError(`line ${n} is not JSON`);
      }
      const type = typeof entry.type === 'string' ? entry.type : 'log';
      const entryType = (TYPE_NAMES[type] ?? 1) as EntryType;
      entries.push({ entry: { ...base, ts: new Date().toISOString(), type, ...entry }, entryType });
    }
  }
  const sender = new WireSender(server, apiKey, pin, await cliProviders());
  try {
    const { fingerprint, pinned } = await sender.handshake();
    if (!pinned) await write(io.stderr, 'warning: no pin; the public key the server returned was trusted as is\n');
    const stored = await sender.send(entries, values.zstd ? 2 : 1);
    await write(io.stdout, `sent ${entries.length} entries, ${stored} stored (sealed for ${fingerprint})\n`);
    return stored === entries.length ? 0 : 1;
  } finally {
    sender.close();
  }
}
