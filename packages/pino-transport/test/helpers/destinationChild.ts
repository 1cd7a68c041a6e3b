// `destinationChild.ts <mode> <url> <apiKey> <spoolDir> <count>`: pino logging in-process through
// logfluxDestination() with its default options, after its handshake, then an end:
//   normal — return from main; end — destination.end(), printing "finished" on its 'finish';
//   exit — process.exit(7); sigterm — wait for SIGTERM; throw — an uncaught exception.
import { readFileSync } from 'node:fs';
import { logfluxDestination } from '@logflux/pino-transport';
import pino from 'pino';

const [mode, url, apiKey, spoolDir, countText] = process.argv.slice(2) as [string, string, string, string, string];
const publicKey = readFileSync(new URL('../../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url), 'utf8');
// A generous exit budget for loaded test machines (the default is 5 s).
const destination = logfluxDestination({
  apiKey,
  endpoint: url,
  publicKey,
  spool: { dir: spoolDir },
  flushIntervalMs: 60_000,
  exitTimeoutMs: 20_000,
});
const logger = pino({ level: 'trace' }, destination);
await destination.client.ready();
for (let i = 0; i < Number(countText); i++) logger.info({ id: `${mode}-${i}` }, `${mode} ${i}`);
if (mode === 'end') {
  destination.on('finish', () => process.stdout.write('finished\n'));
  destination.end();
}
if (mode === 'exit') process.exit(7);
if (mode === 'throw')
  setTimeout(() => {
    throw new Error('uncaught in the application');
  }, 10);
if (mode === 'sigterm') {
  process.stdout.write('ready\n');
  setInterval(() => {}, 1000);
}
