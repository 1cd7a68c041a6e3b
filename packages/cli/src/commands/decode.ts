import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fromHex, LogFluxError, openEnvelope, PROTOCOL, wipe } from '@logflux/core';
import { type CommandIo, lines, UsageError, write } from '../io.js';
import { cliProviders } from '../providers.js';

export const DECODE_HELP = `logflux decode --aes-key <64 hex> | --aes-key-file <path>  [--max-plaintext-bytes N] [--strict]

Reads wire envelopes, one JSON object per line, from stdin. Writes one JSON line per input line:
  {"ok":true,"entry":<decoded plaintext JSON>}   or   {"ok":false,"error":"<error class>"}
adding "compat":[...] when a rule for the official SDKs 3.0.1 applied (docs/protocol.md §7.8:
mislabelled_uncompressed, alias_metric_type, alias_description, timestamp_precision). A bad line
never stops the rest; a plaintext nested deeper than 128 levels is "plaintext_too_deep". Exit
status 1 when any line failed. --strict decodes exactly as §7 says, without those rules. The key
may also come from LOGFLUX_AES_KEY (preferable to --aes-key, which other users of the machine can
see in the process list).`;

function readKey(values: { 'aes-key'?: string; 'aes-key-file'?: string }): Uint8Array {
  const given = [values['aes-key'], values['aes-key-file'], process.env.LOGFLUX_AES_KEY].filter((v) => v !== undefined);
  if (given.length === 0) throw new UsageError('decode needs the session key: --aes-key, --aes-key-file or LOGFLUX_AES_KEY');
  const text =
    values['aes-key'] ??
    (values['aes-key-file'] ? readFileSync(values['aes-key-file'], 'utf8').trim() : (process.env.LOGFLUX_AES_KEY ?? ''));
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new UsageError('the AES key must be exactly 64 hex characters (32 bytes)');
  return fromHex(text);
}

export async function decodeCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'aes-key': { type: 'string' },
      'aes-key-file': { type: 'string' },
      'max-plaintext-bytes': { type: 'string' },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await write(io.stdout, `${DECODE_HELP}\n`);
    return 0;
  }
  const limit = values['max-plaintext-bytes'] === undefined ? PROTOCOL.defaultMaxPlaintextBytes : Number(values['max-plaintext-bytes']);
  if (!Number.isSafeInteger(limit) || limit < 0) throw new UsageError('--max-plaintext-bytes must be a non-negative integer');
  const key = readKey(values);
  const providers = await cliProviders();
  let failed = 0;
  try {
    for await (const line of lines(io.stdin)) {
      let out: string;
      try {
        const { entry, compat } = await openEnvelope(line, { providers, key, maxPlaintextBytes: limit, compat: !values.strict });
        out = `{"ok":true,"entry":${JSON.stringify(entry)}${compat.length > 0 ? `,"compat":${JSON.stringify(compat)}` : ''}}`;
      } catch (error) {
        if (!(error instanceof LogFluxError)) throw error;
        failed++;
        out = JSON.stringify({ ok: false, error: error.errorClass });
      }
      await write(io.stdout, `${out}\n`);
    }
  } finally {
    wipe(key);
  }
  return failed === 0 ? 0 : 1;
}
